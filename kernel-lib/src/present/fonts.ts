/**
 * Fonts with Chinese glyphs (中文字体) on Linux, macOS and Windows, in order of preference, as a CSS font
 * family list: put after a figure's or table's Latin fonts so a Chinese label never renders as boxes
 * whichever machine draws it.
 */
export const CJK_FONTS =
  '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei"';

/** The font family of every Fupan figure: plotly's own Latin fonts, then {@link CJK_FONTS}, then sans-serif. */
export const FONT_FAMILY = `"Open Sans", verdana, arial, ${CJK_FONTS}, sans-serif`;
