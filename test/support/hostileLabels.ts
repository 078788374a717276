/** Names plotly would render as markup if they were not escaped (issue 21 item 13). */
export const HOSTILE_LABELS: readonly string[] = [
  '<a href="https://example.com/x">click</a>',
  '<b>bold</b>',
  '<i>斜体</i> 渠道',
  '<sup>2</sup>',
  '<span style="color:red">red</span>',
  'A & B',
  '&lt;b&gt; written as entities',
  '&#60;b&#62;',
  'x<br>y',
  'a > b < c',
  '<',
  '%{y} template syntax',
];
