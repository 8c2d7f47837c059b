/**
 * The layout vocabulary every printable document is written in: a short list of blocks that flow
 * down the page. A template turns a form's content into blocks; the PDF, DOCX and HTML renderers
 * turn blocks into paper. Nothing here is a coordinate: widths are fractions of the content width
 * and the renderer decides where things land, so one template serves any page size.
 */
import type { SignatureAreaId } from './signature-areas';

export type Align = 'left' | 'center' | 'right';

/** A checkbox printed as ■ (checked) or □ (unchecked) followed by its label. */
export interface Check {
  key: string;
  label: string;
  checked: boolean;
}

const CHECKED_BOX = '■';
const UNCHECKED_BOX = '□';

export function checkText(check: Pick<Check, 'label' | 'checked'>): string {
  return `${check.checked ? CHECKED_BOX : UNCHECKED_BOX} ${check.label}`;
}

/** One cell of a table block. */
export interface Cell {
  /** Text; `\n` forces a line break. Long text wraps at spaces (a word wider than the cell between syllables). */
  text?: string;
  /** Checkboxes laid out inline, wrapping as whole items; `text`, when set too, follows them inline. */
  checks?: readonly Check[];
  /** A label cell: shaded, bold, centred (the seed's boxed forms). */
  label?: boolean;
  align?: Align;
  bold?: boolean;
  /** Font size in points; the table's size otherwise. */
  size?: number;
  colSpan?: number;
  rowSpan?: number;
  /** This cell is a signature area: its text is the signer, and "(인)" is printed at its right end. */
  signature?: SignatureAreaId;
}

interface TitleBlock {
  type: 'title';
  text: string;
  size?: number;
}

/** Small text at the top left (e.g. "양식 #1") and optionally at the top right. */
interface TagLineBlock {
  type: 'tagLine';
  left: string;
  right?: string;
}

interface HeadingBlock {
  type: 'heading';
  text: string;
  size?: number;
}

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
  size?: number;
  bold?: boolean;
  align?: Align;
  /** Left indent in indent steps (one step = 1.5 em of the paragraph's size). */
  indent?: number;
  /**
   * Continuation lines start under the text after a leading list marker ("1. ", "① ", "ㅇ ",
   * "※ ", "가. ", "3) ").
   */
  hanging?: boolean;
  /** Extra space above, in points. */
  gapBefore?: number;
  /** Muted colour for notes. */
  muted?: boolean;
}

export interface TableBlock {
  type: 'table';
  /** Column widths as fractions of the content width (normalised if they do not sum to 1). */
  columns: readonly number[];
  /** Header rows: shaded, bold, repeated at the top of every page the table continues on. */
  header?: readonly (readonly Cell[])[];
  rows: readonly (readonly Cell[])[];
  /** Default font size of the table's cells. */
  size?: number;
  /** Minimum height of a body row in points (blank rows to be filled in by hand). */
  minRowHeight?: number;
  /** Keep the whole table on one page when it fits on an empty page. */
  keepTogether?: boolean;
}

/**
 * A signing line such as "신청일: 2026. 11. 22.   신청인: 홍길동 (인)". `before` and `after` are
 * plain text around the signer; the signer's name and the "(인)" mark form the signature area.
 */
export interface SignatureLineBlock {
  type: 'signatureLine';
  area: SignatureAreaId;
  /** e.g. "신청인:" */
  role: string;
  /** The name printed in the area (may be empty: written by hand). */
  signer: string;
  before?: string;
  after?: string;
  align?: Align;
  /**
   * `before` is a blank date (년, 월, 일 with wide spaces for the pen) the signature fills in: once a valid signature is
   * given in `area`, the paper prints the day it was given (KST) there (see fillSignatureDates).
   */
  datedBySignature?: boolean;
}

interface SpacerBlock {
  type: 'spacer';
  /** Points. */
  height: number;
}

interface PageBreakBlock {
  type: 'pageBreak';
}

/** Blocks that move to the next page together when they do not fit on the current one. */
interface KeepBlock {
  type: 'keep';
  blocks: readonly Block[];
  /**
   * Keep these blocks on one page with the block before them too (spacers between are skipped):
   * when both do not fit on what is left of the page, both move to the next one. A signature
   * block sets it so that "신청인 … (인)" never stands alone on a page, away from the section it
   * confirms. When the two together are taller than a page, this keeps with the last part of
   * the block before it (the last block of a `keep`).
   */
  keepWithPrevious?: boolean;
}

export type Block = TitleBlock | TagLineBlock | HeadingBlock | ParagraphBlock | TableBlock | SignatureLineBlock | SpacerBlock | PageBreakBlock | KeepBlock;

/** The "(인)" mark printed where a seal or signature goes. */
export const SEAL_MARK = '(인)';

/** Every text a block list prints (for glyph coverage checks and search), in reading order. */
export function blockTexts(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const cellTexts = (cell: Cell) => {
    if (cell.text) out.push(cell.text);
    for (const c of cell.checks ?? []) out.push(checkText(c));
    if (cell.signature) out.push(SEAL_MARK);
  };
  for (const block of blocks) {
    switch (block.type) {
      case 'title':
      case 'heading':
      case 'paragraph':
        out.push(block.text);
        break;
      case 'tagLine':
        out.push(block.left);
        if (block.right) out.push(block.right);
        break;
      case 'table':
        for (const row of [...(block.header ?? []), ...block.rows]) row.forEach(cellTexts);
        break;
      case 'signatureLine':
        for (const t of [block.before, block.role, block.signer, SEAL_MARK, block.after]) if (t) out.push(t);
        break;
      case 'keep':
        out.push(...blockTexts(block.blocks));
        break;
      case 'spacer':
      case 'pageBreak':
        break;
    }
  }
  return out;
}

/**
 * The blocks as printed with signatures: a signature line whose date is filled in by its
 * signature (`datedBySignature`) shows the date that signature was given instead of the blank.
 * `dates` holds the printed date per signed area (only valid signatures). The content, and so the
 * document's version, stays the blank form: signing never changes what was signed.
 */
export function fillSignatureDates(blocks: readonly Block[], dates: Readonly<Partial<Record<string, string>>>): Block[] {
  return blocks.map((block): Block => {
    if (block.type === 'keep') return { ...block, blocks: fillSignatureDates(block.blocks, dates) };
    if (block.type === 'signatureLine' && block.datedBySignature) {
      const date = dates[block.area];
      if (date) return { ...block, before: date };
    }
    return block;
  });
}
