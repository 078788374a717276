/**
 * A small Markdown → HTML converter for the notebooks' own markdown cells (the HTML export): headings,
 * paragraphs, bullet and numbered lists, block quotes, fenced code, pipe tables, `code`, **bold**, *italic*,
 * [links](url). Everything is HTML-escaped first, so a cell cannot inject markup.
 */

/** Escapes `& < > " '` for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Converts markdown to HTML.
 * @example markdownToHtml('# Recall 召回\n\n**383** users') // '<h1>Recall 召回</h1>\n<p><strong>383</strong> users</p>'
 */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const html: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i += 1;
    } else if (line.startsWith('```')) {
      const end = findIndexFrom(lines, i + 1, (l) => l.startsWith('```'));
      html.push(`<pre><code>${escapeHtml(lines.slice(i + 1, end).join('\n'))}</code></pre>`);
      i = end + 1;
    } else if (/^#{1,6}\s/.test(line)) {
      const level = line.indexOf(' ');
      html.push(`<h${level}>${inline(line.slice(level + 1).trim())}</h${level}>`);
      i += 1;
    } else if (/^\s*\|/.test(line) && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      const end = findIndexFrom(lines, i + 2, (l) => !/^\s*\|/.test(l));
      html.push(table(lines[i], lines.slice(i + 2, end)));
      i = end;
    } else if (/^\s*([-*+]|\d+[.)])\s/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const end = findIndexFrom(
        lines,
        i + 1,
        (l) => !/^\s*([-*+]|\d+[.)])\s/.test(l) && !/^\s{2,}\S/.test(l),
      );
      const items = groupItems(lines.slice(i, end)).map((item) => `<li>${inline(item)}</li>`);
      html.push(ordered ? `<ol>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`);
      i = end;
    } else if (line.startsWith('>')) {
      const end = findIndexFrom(lines, i + 1, (l) => !l.startsWith('>'));
      const inner = lines.slice(i, end).map((l) => l.replace(/^>\s?/, ''));
      html.push(`<blockquote>${markdownToHtml(inner.join('\n'))}</blockquote>`);
      i = end;
    } else if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      html.push('<hr>');
      i += 1;
    } else {
      const end = findIndexFrom(
        lines,
        i + 1,
        (l) => l.trim() === '' || /^(#{1,6}\s|```|>|\s*([-*+]|\d+[.)])\s)/.test(l),
      );
      html.push(`<p>${inline(lines.slice(i, end).join('\n'))}</p>`);
      i = end;
    }
  }
  return html.join('\n');
}

function findIndexFrom(lines: string[], from: number, test: (line: string) => boolean): number {
  for (let j = from; j < lines.length; j++) if (test(lines[j])) return j;
  return lines.length;
}

function groupItems(lines: string[]): string[] {
  const items: string[] = [];
  for (const line of lines) {
    const m = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (m) items.push(m[1]);
    else items[items.length - 1] += ' ' + line.trim();
  }
  return items;
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

function table(header: string, rows: string[]): string {
  const head = cells(header)
    .map((c) => `<th>${inline(c)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c) => `<td>${inline(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function inline(text: string): string {
  const codes: string[] = [];
  // Code spans first, so their content is not read as emphasis or links.
  let out = escapeHtml(text).replace(
    /`([^`]+)`/g,
    (_, code: string) => `\uE000${codes.push(code) - 1}\uE000`,
  );
  out = out
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/(^|\W)_([^_\s][^_]*)_(?=\W|$)/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) =>
      /^(https?:|#|\.{0,2}\/|[\w-]+\.)/.test(url) ? `<a href="${url}">${label}</a>` : label,
    )
    .replace(/\n/g, ' ');
  return out.replace(/\uE000(\d+)\uE000/g, (_, n: string) => `<code>${codes[Number(n)]}</code>`);
}
