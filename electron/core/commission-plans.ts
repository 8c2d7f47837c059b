import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commissionPlanSchema, type CommissionPlan } from '../../shared/commission/schema';
import { koreanErrorMap, zodIssues } from '../../shared/contract/errors';

/** resources/commission beside the source tree; a packaged app passes its own resources path. */
export const DEFAULT_COMMISSION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/commission');

/** A shipped plan file that does not pass the schema: a build/packaging bug, not user input. */
class CommissionPlanFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${path.basename(file)}: ${message}`);
    this.name = 'CommissionPlanFileError';
  }
}

function loadCommissionPlanFile(file: string): CommissionPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CommissionPlanFileError(file, `JSON을 읽을 수 없습니다 (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = commissionPlanSchema.safeParse(raw, { error: koreanErrorMap });
  if (!parsed.success) {
    const issues = zodIssues(parsed.error)
      .map((i) => `${i.path || '(최상위)'}: ${i.message}`)
      .join('; ');
    throw new CommissionPlanFileError(file, `수수료 기준 형식이 맞지 않습니다 — ${issues}`);
  }
  if (parsed.data.id !== path.basename(file, '.json')) {
    throw new CommissionPlanFileError(file, `파일 이름과 수수료 기준 id('${parsed.data.id}')가 다릅니다. 파일 이름을 '${parsed.data.id}.json'으로 바꾸세요.`);
  }
  return parsed.data;
}

/** Every `*.json` in the folder, validated, by id; a missing folder is no plans. Throws on the first bad file. */
export function loadCommissionPlans(dir: string = DEFAULT_COMMISSION_DIR): Record<string, CommissionPlan> {
  if (!fs.existsSync(dir)) return {};
  const plans: Record<string, CommissionPlan> = {};
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const plan = loadCommissionPlanFile(path.join(dir, f));
    plans[plan.id] = plan;
  }
  return plans;
}
