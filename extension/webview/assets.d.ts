/** CSS files are bundled as text by esbuild (`loader: { '.css': 'text' }`). */
declare module '*.css' {
  const text: string;
  export default text;
}

/** plotly.js-dist-min ships no types of its own: it is plotly.js. */
declare module 'plotly.js-dist-min' {
  import Plotly from 'plotly.js';
  export default Plotly;
}
