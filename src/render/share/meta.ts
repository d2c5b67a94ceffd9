/**
 * Share tags for a page of the site: `<meta name="description">`, Open Graph and Twitter card tags.
 * URLs must be absolute for the crawlers that read them; the caller passes the site's origin.
 */
export interface ShareMeta {
  title: string;
  description: string;
  /** Absolute URL of the page. */
  url: string;
  /** Absolute URL of the 1200×630 preview image. */
  image: string;
  siteName: string;
  /** og:type: "article" for an article view, "website" otherwise. */
  type: 'article' | 'website';
  lang: string;
  /** ISO date of the edition, for article:published_time. */
  date?: string | null;
}

function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** og:locale wants language_TERRITORY. */
function ogLocale(lang: string): string {
  if (/^zh-(Hant|TW)/i.test(lang)) return 'zh_TW';
  if (/^zh-(HK|MO)/i.test(lang)) return 'zh_HK';
  return 'zh_CN';
}

/** The tags, one per line, for <head>. `description` is included unless the page writes its own. */
export function shareTags(m: ShareMeta, withDescription = true): string {
  const tags: [string, string, string][] = [
    ['property', 'og:type', m.type],
    ['property', 'og:title', m.title],
    ['property', 'og:description', m.description],
    ['property', 'og:url', m.url],
    ['property', 'og:site_name', m.siteName],
    ['property', 'og:locale', ogLocale(m.lang)],
    ['property', 'og:image', m.image],
    ['property', 'og:image:width', '1200'],
    ['property', 'og:image:height', '630'],
    ['property', 'og:image:alt', m.title],
    ['name', 'twitter:card', 'summary_large_image'],
    ['name', 'twitter:title', m.title],
    ['name', 'twitter:description', m.description],
    ['name', 'twitter:image', m.image],
  ];
  if (m.type === 'article' && m.date) tags.push(['property', 'article:published_time', m.date]);
  const lines = tags.map(([k, n, v]) => `<meta ${k}="${n}" content="${attr(v)}">`);
  if (withDescription) lines.unshift(`<meta name="description" content="${attr(m.description)}">`);
  return `${lines.join('\n')}\n<link rel="canonical" href="${attr(m.url)}">\n`;
}
