/** A workspace's name as the start of a file name: ASCII letters and digits, dashes, at most 40 characters. */
export function fileSlug(name: string): string {
  return (
    name
      // letters NFKD does not take apart (Polish ł, Nordic ø, German ß…)
      .replace(
        /[łŁøØđĐßæÆ]/g,
        (c) => ({ ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ß: 'ss', æ: 'ae', Æ: 'AE' })[c] ?? c,
      )
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 40) || 'workspace'
  );
}
