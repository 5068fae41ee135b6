import {
  Checkbox,
  DatePicker,
  FormGrid,
  FormItem,
  FormLayout,
  Input,
  NumberPicker,
  Radio,
  Select,
  Space,
  Switch,
  FormCollapse,
  FormTab,
  PreviewText,
} from '@formily/antd-v5';
import { ArrayTable } from './fields/array-table';
import { AttachmentUpload } from './fields/attachment-upload';
import { Card } from './fields/card';
import { IndicatorTable } from './fields/indicator-table';
import { MoneyInput } from './fields/money-input';
import { OrgUnitSelect } from './fields/org-unit-select';
import { Percent } from './fields/percent';
import { ScoreSummary } from './fields/score-summary';

/**
 * Every `x-component` / `x-decorator` name a stage form may use. Names are the schema vocabulary (data in
 * forms/), so they never change meaning; new widgets are added here, not invented in schemas.
 */
export const components = {
  FormItem,
  FormLayout,
  FormGrid,
  FormCollapse,
  FormTab,
  Space,
  Card,
  Input,
  NumberPicker,
  Select,
  Radio,
  Checkbox,
  DatePicker,
  Switch,
  ArrayTable,
  PreviewText,
  IndicatorTable,
  ScoreSummary,
  MoneyInput,
  Percent,
  OrgUnitSelect,
  AttachmentUpload,
};

export type ComponentName = keyof typeof components;
