/** Form #2: olleh bizmeka 콜센터서비스 이용약관(고객사 확인용) — 16 articles verbatim, confirmed by the customer. */
import type { Application } from '../domain/application';
import type { Block } from './blocks';
import { dateText } from './common';
import { versionKeyOf, type FormDocument, type SignatureArea } from './model';
import { TERMS_ARTICLES, TERMS_PREAMBLE, type TermsArticle } from './texts';

/**
 * The terms print slightly smaller than other forms so the 16 articles and the confirmation fit
 * on two pages (8.4 pt since lines break at spaces only, which takes a few more lines).
 */
const TERMS_SIZE = 8.4;

const FORM2_TITLE = 'olleh bizmeka 콜센터서비스 이용약관(고객사 확인용)';

export interface Form2Content {
  preamble: string;
  articles: readonly TermsArticle[];
  date: string;
  customerName: string;
  representative: string;
  confirmation: SignatureArea;
}

function form2Content(app: Application): Form2Content {
  return {
    preamble: TERMS_PREAMBLE,
    articles: TERMS_ARTICLES,
    date: dateText(app.date),
    customerName: app.customer.name,
    representative: app.customer.representative,
    confirmation: { id: 'terms-confirmation', role: '대표이사', signer: app.customer.representative },
  };
}

/** Leading spaces in the seed mark a sub-item ("   1) …"): one indent step. */
function articleParagraph(text: string): Block {
  const indented = /^\s+/.test(text);
  return { type: 'paragraph', text: text.trim(), hanging: true, indent: indented ? 2 : 1, size: TERMS_SIZE };
}

function form2Blocks(c: Form2Content): Block[] {
  return [
    { type: 'tagLine', left: '양식 #2' },
    { type: 'title', text: FORM2_TITLE },
    { type: 'paragraph', text: c.preamble, gapBefore: 2, size: TERMS_SIZE },
    ...c.articles.flatMap((a, i): Block[] => {
      const article: Block[] = [{ type: 'heading', text: a.heading, size: 9 }, ...a.paragraphs.map(articleParagraph)];
      // The last article is kept whole, so the confirmation below has something to stay with.
      return i === c.articles.length - 1 ? [{ type: 'keep', blocks: article }] : article;
    }),
    { type: 'spacer', height: 12 },
    {
      // The customer's confirmation never stands alone on a page: it stays with the last article.
      type: 'keep',
      keepWithPrevious: true,
      blocks: [
        { type: 'paragraph', text: c.date, align: 'right', size: 10 },
        { type: 'spacer', height: 4 },
        { type: 'paragraph', text: `확인 : 고객사명  ${c.customerName}`, align: 'right', size: 10 },
        { type: 'signatureLine', area: c.confirmation.id, role: c.confirmation.role, signer: c.confirmation.signer, align: 'right' },
      ],
    },
  ];
}

export function buildForm2(app: Application): FormDocument<Form2Content> {
  const content = form2Content(app);
  return {
    form: '2',
    code: '양식 #2',
    title: FORM2_TITLE,
    content,
    versionKey: versionKeyOf('2', content),
    signatureAreas: [content.confirmation],
    blocks: form2Blocks(content),
  };
}
