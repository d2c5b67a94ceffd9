/** Facts that site chrome states the same way across readers: the paper in a page title, 版面 lists. */
const PAPER = /([\u4e00-\u9fff]{1,12}?(?:日报|晚报|早报|晨报|商报|时报|都市报|青年报|法制报|经济报|旅游报|日報|晚報|早報|時報|新報|报|報))/;

/** "湖北日报数字报-中碳登…" → 湖北日报, "科技日报--数字报" → 科技日报, "人民日报-人民网" → 人民日报. */
export function paperFromTitle(title: string): string | null {
  const head = title.split(/\s*[-–—|_]+\s*/)[0] ?? '';
  const m = PAPER.exec(head.replace(/(?:数字报|電子報|电子报|数字报刊|电子版|報社|报社).*$/, ''));
  if (m) return m[1]!;
  const any = PAPER.exec(title.replace(/(?:数字报|电子报).*$/, ''));
  return any ? any[1]! : null;
}
