import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { BOX_KINDS, meilongDocx } from '../fixtures/forms/meilongDocx';
import { importFile } from '../../src/lib/import/importFile';
import { importInput, inputFileOf } from '../../src/lib/import/importInput';
import { docxLines } from '../../src/lib/import/forms/docx';
import { boxGlyphs, tickedText } from '../../src/lib/contract/ticks';
import { parseBool } from '../../src/lib/contract/values';
import { FIXTURES, withoutSource } from './helpers';

/** What the 梅陇镇 form ticks, however its boxes are drawn. */
const TICKED = {
  is_recurring: true,
  needs_adjustment: false,
  budget_outlook: '有可能完成',
  target_outlook: '确定能完成',
  stage_conclusion: '轻度偏差',
};

describe('tick boxes as Word and WPS draw them', () => {
  it.each(BOX_KINDS.flatMap((k) => [true, false].map((before) => [k, before] as const)))(
    '.docx with %s boxes (box before its option: %s) reads every tick, with no doubt',
    async (kind, before) => {
      const r = await importFile('梅陇镇.docx', new Uint8Array(await meilongDocx(kind, before)));
      expect(r.report).toMatchObject({ status: 'loaded', format: 'form', rowsRead: 8, rowsLoaded: 8, rowsRejected: 0 });
      expect(r.projects[0]).toMatchObject(TICKED);
      expect(r.report.warnings).toEqual([]);
    },
  );

  it.each([
    ['meilong-sym-libreoffice.doc', 'Wingdings boxes of 插入符号 (private-use codes in the .doc text)'],
    ['meilong-wd2-libreoffice.doc', 'R and £ typed in Wingdings 2 (the font is not in the .doc text)'],
    ['meilong-checkbox-libreoffice.doc', 'Word check-box controls'],
    ['meilong-formfield-libreoffice.doc', 'legacy form-field boxes (窗体域 FORMCHECKBOX: the state in the Data stream, no text)'],
    [
      'meilong-framed-libreoffice.doc',
      'Wingdings boxes, the whole form inside a one-cell frame table (nested tables: sprmPItap, inner cell and row marks)',
    ],
  ])('Word 97 .doc saved by LibreOffice, %s — %s: reads like the .docx', async (file) => {
    const doc = await importFile(file, new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms', file))));
    const docx = await importFile('梅陇镇.docx', new Uint8Array(await meilongDocx('sym', true)));
    expect(doc.report).toMatchObject({ status: 'loaded', rowsLoaded: 8, rowsRejected: 0 });
    expect(doc.report.warnings).toEqual([]);
    expect(doc.projects[0]).toMatchObject(TICKED);
    expect(withoutSource(doc.projects)).toEqual(withoutSource(docx.projects));
    expect(withoutSource(doc.indicators)).toEqual(withoutSource(docx.indicators));
  });

  it('a form drawn inside the one cell of a frame table reads as the same form without the frame', async () => {
    const framed = await importFile('梅陇镇.docx', new Uint8Array(await meilongDocx('sym', true, undefined, true)));
    const plain = await importFile('梅陇镇.docx', new Uint8Array(await meilongDocx('sym', true)));
    expect(framed.report.warnings).toEqual([]);
    expect(framed.projects).toEqual(plain.projects);
    expect(framed.indicators).toEqual(plain.indicators);
    expect(framed.indicators).toHaveLength(7);
  });

  it("a check-box control's checked state decides, not the glyph it happens to show", () => {
    const ctrl = (checked: string, glyph: string) =>
      `<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="${checked}"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>${glyph}</w:t></w:r></w:sdtContent></w:sdt>`;
    const xml = `<w:document xmlns:w="w" xmlns:w14="w14"><w:body><w:p><w:r><w:t>是</w:t></w:r>${ctrl('1', '☐')}<w:r><w:t>否</w:t></w:r>${ctrl('0', '☒')}</w:p>
      <w:p><w:r><w:sym w:font="MS Gothic" w:char="2612"/></w:r><w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>þ¨</w:t></w:r><w:r><w:t>R£</w:t></w:r></w:p></w:body></w:document>`;
    expect(docxLines(zipSync({ 'word/document.xml': strToU8(xml) }))).toEqual([['是☑否□'], ['☒☑□R£']]);
  });

  it('a legacy form-field box (窗体域 FORMCHECKBOX) reads from its state; text a tracked change moved away is not read twice', () => {
    const field = (ff: string) =>
      `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/><w:checkBox><w:sizeAuto/>${ff}</w:checkBox></w:ffData></w:fldChar></w:r>` +
      '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
    const xml = `<w:document xmlns:w="w"><w:body>
      <w:p>${field('<w:default w:val="0"/><w:checked/>')}<w:r><w:t>是</w:t></w:r>${field('<w:default w:val="0"/>')}<w:r><w:t>否</w:t></w:r></w:p>
      <w:p>${field('<w:default w:val="1"/>')}<w:r><w:t>甲</w:t></w:r>${field('<w:default w:val="1"/><w:checked w:val="0"/>')}<w:r><w:t>乙</w:t></w:r></w:p>
      <w:p><w:moveFrom w:id="1"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:r><w:t>正文</w:t></w:r><w:del w:id="2"><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>
      </w:body></w:document>`;
    expect(docxLines(zipSync({ 'word/document.xml': strToU8(xml) }))).toEqual([['☑是□否'], ['☑甲□乙'], ['正文']]);
  });

  it('a content control still showing its placeholder was not filled in: its placeholder text is not read as the value', () => {
    const control = (placeholder: boolean, text: string) =>
      `<w:sdt><w:sdtPr>${placeholder ? '<w:showingPlcHdr/>' : ''}<w:text/></w:sdtPr><w:sdtContent><w:r><w:t>${text}</w:t></w:r></w:sdtContent></w:sdt>`;
    const xml = `<w:document xmlns:w="w"><w:body><w:tbl><w:tr>
      <w:tc><w:p><w:r><w:t>存在问题</w:t></w:r></w:p></w:tc><w:tc><w:p>${control(true, '单击或点击此处输入文字。')}</w:p></w:tc>
      <w:tc><w:p><w:r><w:t>改进措施</w:t></w:r></w:p></w:tc><w:tc><w:p>${control(false, '加快支付')}</w:p></w:tc>
      </w:tr></w:tbl></w:body></w:document>`;
    expect(docxLines(zipSync({ 'word/document.xml': strToU8(xml) }))).toEqual([['存在问题', '', '改进措施', '加快支付']]);
  });

  it('boxes whose font was lost: private-use codes, and R/£ only where a £ says the font was Wingdings 2', () => {
    expect(boxGlyphs('是\uf0fe 否\uf0a8')).toBe('是☑ 否□');
    expect(boxGlyphs('R是 £否')).toBe('☑是 □否');
    expect(boxGlyphs('ISO R 标准')).toBe('ISO R 标准');
    expect(boxGlyphs('þ确定能完成 ¨有可能完成')).toBe('☑确定能完成 □有可能完成');
    expect(parseBool('是 R  否 £')).toEqual({ value: true });
    expect(parseBool('R')).toMatchObject({ error: expect.any(String) as string });
  });

  it('a conclusion whose options are printed with no box left is an error, never the first keyword', () => {
    // 「严重偏差」 among the options would otherwise class the report as 严重偏差 whatever was ticked.
    expect(tickedText('运行正常　轻度偏差　严重偏差')).toEqual({
      value: null,
      error: '列出了 3 个选项（运行正常、轻度偏差、严重偏差）却没有勾选标记（勾选框可能在另存或转换时丢失）',
    });
    expect(tickedText('运行正常（执行率和目标完成度均在75%以上） 轻度偏差（执行率或目标完成度在50%-75%之间）').error).toMatch(
      /列出了 2 个选项/,
    );
    expect(tickedText('运行正常（执行率和目标完成度均在75%以上）')).toEqual({ value: '运行正常（执行率和目标完成度均在75%以上）' });
    expect(tickedText('项目运行正常，但进度略有滞后')).toEqual({ value: '项目运行正常，但进度略有滞后' });
    expect(tickedText('执行进度偏慢 需加快支付')).toEqual({ value: '执行进度偏慢 需加快支付' });
  });

  it('a form whose conclusion boxes were lost loads with the conclusion blank and the reason in its load report', async () => {
    const seed = fs.readFileSync(path.join(FIXTURES, 'forms/seed-form.txt'), 'utf8');
    const r = await importFile(
      'form.txt',
      new Uint8Array(Buffer.from(seed.replace('运行正常（执行率和目标完成度均在75%以上）', '运行正常 轻度偏差 严重偏差'))),
    );
    expect(r.projects[0].stage_conclusion).toBeNull();
    expect(r.report.warnings.map((w) => w.reason)).toContain(
      '列出了 3 个选项（运行正常、轻度偏差、严重偏差）却没有勾选标记（勾选框可能在另存或转换时丢失）；该项按未填处理',
    );
  });

  it('a document of several forms, one after another, gives one report per form — never one project with every form’s indicators', async () => {
    const bytes = new Uint8Array(await meilongDocx('sym', true, ['梅陇镇河道长效养护', '梅陇镇公共绿地养护']));
    const all = await importInput('梅陇镇重点项目.docx', bytes);
    expect(all.map((r) => [r.report.file, r.projects.map((p) => p.project_name), r.indicators.length, r.report.warnings])).toEqual([
      ['梅陇镇重点项目.docx（第 1 份表单）', ['梅陇镇河道长效养护'], 7, []],
      ['梅陇镇重点项目.docx（第 2 份表单）', ['梅陇镇公共绿地养护'], 7, []],
    ]);
    expect(new Set(all.flatMap((r) => r.indicators.map((i) => i.report_id)))).toEqual(new Set(all.map((r) => r.projects[0].report_id)));
    expect(all.map((r) => inputFileOf(r.report.file))).toEqual(['梅陇镇重点项目.docx', '梅陇镇重点项目.docx']);
    await expect(importFile('梅陇镇重点项目.docx', bytes)).rejects.toThrow(/有 2 份表单/);
    // The same in text: the seed form twice, the second for another project.
    const seed = fs.readFileSync(path.join(FIXTURES, 'forms/seed-form.txt'), 'utf8');
    const text = `${seed}\n${seed.replace('国际社区综合服务中心运行费用', '社区食堂运营补贴')}`;
    const two = await importInput('华漕镇.txt', new Uint8Array(Buffer.from(text)));
    expect(two.map((r) => [r.projects[0]?.project_name, r.indicators.length, r.report.warnings.length])).toEqual([
      ['国际社区综合服务中心运行费用', 16, 0],
      ['社区食堂运营补贴', 16, 0],
    ]);
  });

  it('forms pasted one after another without their titles are still one report each, with their own town', async () => {
    const seed = fs.readFileSync(path.join(FIXTURES, 'forms/seed-form.txt'), 'utf8');
    const untitled = (town: string, project: string) =>
      seed
        .replace(/^.*财政项目支出绩效运行监控.*$/m, '')
        .replace('闵行区华漕镇（盖章）', town)
        .replace('国际社区综合服务中心运行费用', project);
    const text = `${seed}\n${untitled('闵行区华漕镇（盖章）', '社区食堂运营补贴')}\n${untitled('闵行区七宝镇（盖章）', '七宝老街保洁')}`;
    const all = await importInput('两镇.txt', new Uint8Array(Buffer.from(text)));
    expect(
      all.map((r) => [r.report.file, r.projects[0]?.town, r.projects[0]?.project_name, r.indicators.length, r.report.warnings]),
    ).toEqual([
      ['两镇.txt（第 1 份表单）', '华漕镇', '国际社区综合服务中心运行费用', 16, []],
      ['两镇.txt（第 2 份表单）', '华漕镇', '社区食堂运营补贴', 16, []],
      ['两镇.txt（第 3 份表单）', '七宝镇', '七宝老街保洁', 16, []],
    ]);
  });
});
