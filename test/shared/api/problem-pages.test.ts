import { describe, expect, it } from 'vitest';
import { problemPages } from '#api/problem-pages.ts';
import { problemOf, problemPagePath, statusOfCode } from '#api/problem.ts';
import { errorCodes } from '#domain/errors.ts';

const pages = problemPages();

describe('the problem pages the web build writes', () => {
  it('are one per error code, and one for INTERNAL, each where its problems’ type points', () => {
    expect(pages.map((page) => `/${page.fileName}`).sort()).toEqual([...errorCodes, 'INTERNAL' as const].map(problemPagePath).sort());
    for (const code of errorCodes) expect(new URL(problemOf(code, '', undefined, 'https://api.example').type).pathname).toBe(problemPagePath(code));
  });

  it.each(errorCodes)('%s: its title, code and status, what it means and what to do', (code) => {
    const html = pages.find((page) => page.fileName === problemPagePath(code).slice(1))!.html;
    const { title } = problemOf(code, '');
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`<code>${code}</code>, HTTP status ${statusOfCode[code]}`);
    expect(html).toMatch(/<h2>What it means<\/h2>\n<p>[^<]{20,}<\/p>/);
    expect(html).toMatch(/<h2>What to do<\/h2>\n<p>[^<]{20,}<\/p>/);
  });

  it('carry nothing the site’s Content-Security-Policy would block', () => {
    for (const { html } of pages) expect(html).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
  });
});
