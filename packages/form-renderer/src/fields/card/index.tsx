import { connect, mapProps } from '@formily/react';
import { Card as AntdCard } from 'antd';

/** A titled section of a form (表头, 资金情况, ...): a void field whose title becomes the card's title. */
export const Card = connect(
  AntdCard,
  mapProps({ title: 'title' }, (props) => ({
    size: 'small',
    ...props,
    style: { marginBottom: 16, ...props.style },
  })),
);
