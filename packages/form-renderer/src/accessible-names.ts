import type { ISchema } from '@formily/json-schema';

/**
 * Formily's FormItem draws its label as text beside the widget without tying the two together, so a screen
 * reader would announce an unnamed input. Every field with a title gets it as its widget's `aria-label`
 * (unless the schema names it otherwise); void containers (cards, grids) are left alone.
 */
export function withAccessibleNames(schema: ISchema): ISchema {
  const copy: ISchema = { ...schema };
  const props = copy['x-component-props'];
  if (copy.type !== 'void' && typeof copy.title === 'string' && copy['x-component']) {
    if (props === undefined || (typeof props === 'object' && props !== null && !('aria-label' in props)))
      copy['x-component-props'] = { ...(props as object | undefined), 'aria-label': copy.title };
  }
  if (copy.properties && typeof copy.properties === 'object')
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties).map(([name, child]) => [name, withAccessibleNames(child as ISchema)]),
    );
  if (copy.items && typeof copy.items === 'object' && !Array.isArray(copy.items))
    copy.items = withAccessibleNames(copy.items as ISchema);
  return copy;
}
