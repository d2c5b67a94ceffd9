export { renderArticleView, articleTitle, openingText, type ArticleView, type ArticleLinks, type ArticleViewOptions, type ArticleNeighbour } from './html.js';
export { articleDocument, type ArticleDocumentOptions } from './document.js';
export { storyOf, storyChain, readingOrder, pagesOf, type Story, type StorySegment } from './parts.js';
export { converter, scriptOf, langFor, type Script } from './script.js';
export { ARTICLE_CSS } from './styles.js';
