// Size budget: each bundle a user pays for has a ceiling in size-budget.json, set a little above
// what it measured when the budget was last raised on purpose. The packaging test fails when a
// bundle grows past its ceiling, so growth is a decision (raise the budget in the same commit and
// say why) rather than an accident. Measured with the bench's own esbuild setup (bench/size.ts).
//   node bench/size-budget.ts            print sizes against budgets; exit 1 if one is over
//   node bench/size-budget.ts --update   set each budget to its size plus 3 % (rounded up to 100 B)
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { measureSize, type SizeEntry } from './size.ts';

/** Budgets in gzip bytes (level 9) of the minified ESM browser bundle. */
export type Budgets = Partial<Record<SizeEntry, number>>;

export interface BudgetCheck {
  entry: SizeEntry;
  name: string;
  gzip: number;
  budget: number;
  ok: boolean;
}

/** The bundles under budget: what users of the hooks and of core alone pay. */
const budgeted: SizeEntry[] = ['hooks', 'core'];
const budgetFile = new URL('./size-budget.json', import.meta.url);

export function readBudgets(): Budgets {
  return JSON.parse(readFileSync(budgetFile, 'utf8')) as Budgets;
}

export async function checkBudgets(budgets: Budgets = readBudgets()): Promise<BudgetCheck[]> {
  const checks: BudgetCheck[] = [];
  for (const entry of budgeted) {
    const result = await measureSize(entry);
    if (result === undefined) throw new Error(`cannot bundle '${entry}': its entry is missing`);
    const budget = budgets[entry];
    if (budget === undefined) throw new Error(`size-budget.json has no budget for '${entry}'`);
    checks.push({ entry, name: result.name, gzip: result.gzip, budget, ok: result.gzip <= budget });
  }
  return checks;
}

export function describeCheck(check: BudgetCheck): string {
  return `${check.name}: ${check.gzip} B gz, budget ${check.budget} B (${check.ok ? 'ok' : 'OVER'})`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { update: { type: 'boolean', default: false } } });
  if (values.update) {
    const budgets: Budgets = {};
    for (const check of await checkBudgets(Object.fromEntries(budgeted.map((e) => [e, 0])))) {
      budgets[check.entry] = Math.ceil((check.gzip * 1.03) / 100) * 100;
    }
    writeFileSync(budgetFile, `${JSON.stringify(budgets, null, 2)}\n`);
    console.log('size-budget.json:', budgets);
  } else {
    const checks = await checkBudgets();
    for (const check of checks) console.log(describeCheck(check));
    if (checks.some((check) => !check.ok)) process.exitCode = 1;
  }
}
