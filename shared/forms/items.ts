/**
 * Product names as the forms print them, by catalog code. This is the ONE place the forms learn
 * what a code is called: when the catalog (shared/catalog/) lands, pass its names through the
 * `itemNames` option of the form builders (or replace this table with a lookup into it).
 */
export const DEFAULT_ITEM_NAMES: Readonly<Record<string, string>> = Object.freeze({
  'asp-basic': 'ASP 기본서비스',
  'app-basic': '상담어플리케이션 Basic',
  'app-premium': '상담어플리케이션 Premium',
  recording: '녹음서비스',
  'extra-line': '추가회선서비스',
  agent: '상담원 제공서비스',
  floor: '상면제공서비스',
});

/** The basic-service code: its quantity is the number of seats and selects the size tier. */
export const BASIC_SERVICE_CODE = 'asp-basic';

export type ItemNames = Readonly<Record<string, string>>;

/** The printed name of a product code; an unknown code prints as itself so nothing is lost. */
export function itemName(code: string, names: ItemNames = DEFAULT_ITEM_NAMES): string {
  return names[code] ?? DEFAULT_ITEM_NAMES[code] ?? code;
}
