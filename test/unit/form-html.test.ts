import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { importFile } from '../../src/lib/import/importFile';
import { htmlLines } from '../../src/lib/import/forms/html';
import { FIXTURES, withoutSource } from './helpers';

const fixture = (f: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms', f)));

/** A form as Word's 「另存为网页」 writes it: GB2312, a long style sheet, conditional comments, Wingdings boxes in spans. */
function wordHtml(): Uint8Array {
  const box = (checked: boolean) =>
    `<span style='font-family:Wingdings;mso-ascii-font-family:宋体;mso-char-type:symbol;mso-symbol-font-family:Wingdings'>${checked ? '&#254;' : '¨'}</span>`;
  const p = (t: string) => `<p class=MsoNormal><span lang=EN-US>${t}<o:p></o:p></span></p>`;
  const td = (t: string, attrs = '') => `<td ${attrs} style='border:solid windowtext 1.0pt'>${p(t)}</td>`;
  const html = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>财政所</o:Author></o:DocumentProperties></xml><![endif]-->
<style><!-- ${'p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:10.5pt; font-family:"Times New Roman",serif;}\n'.repeat(400)} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>
${p('<b>财政项目支出绩效运行监控（跟踪评价）（重点）</b>')}
${p('街镇名称：闵行区马桥镇（盖章）')}
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
<tr>${td('项目名称')}${td('马桥镇农村生活污水设施运维', 'colspan=7')}</tr>
<tr>${td('预算单位')}${td('马桥镇人民政府')}${td('具体实施（内设机构）')}${td('农业服务中心')}${td('跟踪时段')}${td('2024年1月1日&#8212;2024年8月31日')}${td('是否为经常性项目')}${td(`${box(true)}是&nbsp;&nbsp;${box(false)}否`)}</tr>
<tr>${td('当年预算数（元）')}${td('1,580,000.00')}${td('预算执行数（元）')}${td('632,000.00')}${td('预算执行进度（%）')}${td('40.00%')}${td('是否需要预算调整')}${td(`${box(false)}是&nbsp;&nbsp;${box(true)}否`)}</tr>
</table>
${p('三、阶段性跟踪结论：')}
${p(`${box(false)}运行正常&nbsp; ${box(true)}轻度偏差&nbsp; ${box(false)}严重偏差`)}
<table border=1 cellspacing=0>
<tr>${td('四、绩效跟踪后项目总体判断', 'rowspan=2')}${td('年度项目预算完成可能性')}${td(`${box(false)}确定能完成 ${box(true)}有可能完成 ${box(false)}确定不能完成`)}</tr>
<tr>${td('年度绩效目标完成可能性')}${td(`${box(true)}确定能完成 ${box(false)}有可能完成 ${box(false)}确定不能完成`)}</tr>
</table>
${p('五、存在问题及改进措施（包括项目存在哪些方面偏差、问题及改进措施）：')}
${p('1、存在问题')}${p('运维合同款按季度结算，支付进度偏慢。')}${p('2、改进措施')}${p('督促第三方及时提交结算资料。')}
${p('主要跟踪指标（结合项目特点选择重点绩效指标）')}
<table border=1 cellspacing=0>
<tr>${td('一级目标', 'rowspan=2')}${td('二级目标', 'rowspan=2')}${td('三级目标', 'rowspan=2')}${td('年度绩效目标值', 'rowspan=2')}${td('跟踪时的目标完成情况', 'colspan=3')}${td('跟踪时的纠偏情况', 'colspan=2')}</tr>
<tr>${td('应完成的绩效目标值')}${td('完成百分比或情况描述')}${td('偏差情况（尽量用数值表示）')}${td('偏差原因')}${td('纠偏措施')}</tr>
<tr>${td('产出目标', 'rowspan=2')}${td('数量目标')}${td('运维站点数')}${td('56个')}${td('56个')}${td('56个')}${td('')}${td('')}${td('')}</tr>
<tr>${td('质量目标')}${td('出水达标率')}${td('&ge;90%')}${td('&ge;90%')}${td('86%')}${td('-4%')}${td('设备老化')}${td('更换水泵')}</tr>
<tr>${td('影响力目标')}${td('服务对象满意度目标')}${td('村民满意度')}${td('&ge;90%')}${td('')}${td('')}${td('')}${td('')}${td('')}</tr>
</table>
<script>document.title='x'</script>
</div></body></html>`;
  return new Uint8Array(iconv.encode(html, 'gb2312'));
}

describe('forms saved as web pages (.htm)', () => {
  it('the 浦锦 form as a web page reads exactly as its Word .docx', async () => {
    const html = await importFile('浦锦.html', fixture('pujin.html'));
    const docx = await importFile('浦锦.docx', fixture('pujin-libreoffice.docx'));
    expect(html.report).toMatchObject({ status: 'loaded', format: 'form', rowsRead: 7, rowsLoaded: 7, rowsRejected: 0 });
    expect(html.report.warnings).toEqual(docx.report.warnings);
    expect(withoutSource(html.projects)).toEqual(withoutSource(docx.projects));
    expect(withoutSource(html.indicators)).toEqual(withoutSource(docx.indicators));
  });

  it('a form drawn inside the one cell of a frame table reads as the same form without the frame', async () => {
    const page = fs.readFileSync(path.join(FIXTURES, 'forms/pujin.html'), 'utf8');
    const framed = page.replace('<body>', '<body><table border="1"><tr><td>').replace('</body>', '</td></tr></table></body>');
    const a = await importFile('浦锦.html', new Uint8Array(Buffer.from(framed)));
    const b = await importFile('浦锦.html', fixture('pujin.html'));
    expect(a.report.warnings).toEqual(b.report.warnings);
    expect(a.projects).toEqual(b.projects);
    expect(a.indicators).toEqual(b.indicators);
    expect(a.indicators).toHaveLength(6);
  });

  it("Word's 另存为网页 (GB2312, a long style sheet, Wingdings boxes, merged cells) reads every field", async () => {
    const r = await importFile('马桥镇.htm', wordHtml());
    expect(r.report).toMatchObject({ status: 'loaded', format: 'form', rowsRead: 4, rowsLoaded: 4, rowsRejected: 0 });
    expect(r.report.warnings).toEqual([]);
    expect(r.projects[0]).toMatchObject({
      town: '马桥镇',
      project_name: '马桥镇农村生活污水设施运维',
      period_start: '2024-01-01',
      period_end: '2024-08-31',
      is_recurring: true,
      needs_adjustment: false,
      budget_initial: 1_580_000,
      budget_executed: 632_000,
      stage_conclusion: '轻度偏差',
      budget_outlook: '有可能完成',
      target_outlook: '确定能完成',
      problems: '运维合同款按季度结算，支付进度偏慢。',
      measures: '督促第三方及时提交结算资料。',
    });
    expect(r.indicators.map((i) => [i.level1, i.level2, i.level3, i.annual_target, i.actual])).toEqual([
      ['产出目标', '数量目标', '运维站点数', '56个', '56个'],
      ['产出目标', '质量目标', '出水达标率', '≥90%', '86%'],
      ['影响力目标', '服务对象满意度目标', '村民满意度', '≥90%', null],
    ]);
  });

  it('htmlLines: colspan and rowspan keep their columns; scripts, styles and comments are not text; check boxes are ☑/□', () => {
    const lines = htmlLines(
      `<style>td{}</style><p>标题&amp;说明</p><table><tr><td rowspan="2">A</td><td colspan="2">B<br>B2</td></tr>` +
        `<tr><td>C</td><td><input type="checkbox" checked>是 <input type="checkbox">否</td></tr></table><!-- 注释 --><script>x()</script><p>尾</p>`,
    );
    expect(lines).toEqual([['标题&说明'], ['A', 'B\nB2', ''], ['', 'C', '☑是 □否'], ['尾']]);
  });

  it('a web form printed with its fields: a text field gives its value, a select its chosen option, a hidden field nothing', () => {
    const lines = htmlLines(
      '<table><tr><td>当年预算数（元）</td><td><input type="text" value="36453.4"><input type="hidden" value="x"></td>' +
        '<td>是否需要预算调整</td><td><select><option>是</option><option selected>否</option></select></td>' +
        '<td>存在问题</td><td><textarea>资金拨付滞后</textarea></td></tr></table>',
    );
    expect(lines).toEqual([['当年预算数（元）', '36453.4', '是否需要预算调整', '否', '存在问题', '资金拨付滞后']]);
  });

  it('a web page that is not a form is not read as one', async () => {
    const r = await importFile(
      'page.html',
      new Uint8Array(Buffer.from('<html><body><table><tr><td>项目名称</td></tr></table></body></html>')),
    );
    expect(r.report.format).not.toBe('form');
  });
});

/**
 * A page as Word's 单个文件网页 (.mht) holds it: a MIME message of the page (quoted-printable, in its own
 * charset, or base64 as WPS writes it) and a file list, with Word's preamble in the system code page.
 */
function mht(page: Uint8Array, charset: string, encoding: 'quoted-printable' | 'base64'): Uint8Array {
  const b = '----=_NextPart_01DB2F3A.5C8E1B20';
  const qp = (bytes: Uint8Array) => {
    let line = '';
    const out: string[] = [];
    for (const c of bytes) {
      const t =
        (c >= 33 && c <= 126 && c !== 61) || c === 32 ? String.fromCharCode(c) : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
      if (c === 10) {
        out.push(line);
        line = '';
        continue;
      }
      if (line.length + t.length > 75) {
        out.push(`${line}=`);
        line = '';
      }
      line += t;
    }
    return [...out, line].join('\r\n');
  };
  const body =
    encoding === 'base64'
      ? (
          Buffer.from(page)
            .toString('base64')
            .match(/.{1,76}/g) ?? []
        ).join('\r\n')
      : qp(page);
  const head = [
    'MIME-Version: 1.0',
    `Content-Type: multipart/related; boundary="${b}"`,
    '',
    '此文档为“单个文件网页”，也称为“Web 档案”文件。',
    '',
    `--${b}`,
    'Content-Location: file:///C:/D8F2A1B0/form.htm',
    `Content-Transfer-Encoding: ${encoding}`,
    `Content-Type: text/html; charset="${charset}"`,
    '',
  ].join('\r\n');
  const tail = [
    '',
    `--${b}`,
    'Content-Location: file:///C:/D8F2A1B0/form.files/filelist.xml',
    'Content-Type: text/xml; charset="utf-8"',
    '',
    '<xml xmlns:o="urn:schemas-microsoft-com:office:office"><o:MainFile HRef="../form.htm"/></xml>',
    `--${b}--`,
    '',
  ].join('\r\n');
  return new Uint8Array(Buffer.concat([iconv.encode(head, 'gb18030'), Buffer.from(`${body}\r\n`), Buffer.from(tail)]));
}

describe('forms saved as 单个文件网页 (.mht)', () => {
  it('reads as the same page saved as .htm: quoted-printable GB2312 (Word) and base64 UTF-8 (WPS)', async () => {
    const htm = await importFile('马桥镇.htm', wordHtml());
    for (const [charset, enc, page] of [
      ['gb2312', 'quoted-printable', wordHtml()],
      ['utf-8', 'base64', fixture('pujin.html')],
    ] as const) {
      const want = charset === 'gb2312' ? htm : await importFile('浦锦.html', fixture('pujin.html'));
      const r = await importFile('表单.mht', mht(page, charset, enc));
      expect(r.report).toMatchObject({ status: 'loaded', format: 'form', rowsRejected: 0, rowsRead: want.report.rowsRead });
      expect(r.report.warnings).toEqual(want.report.warnings);
      expect(withoutSource(r.projects)).toEqual(withoutSource(want.projects));
      expect(withoutSource(r.indicators)).toEqual(withoutSource(want.indicators));
    }
  });

  it('a 单个文件网页 that is not a form, or is damaged, is refused in words', async () => {
    const page = new TextEncoder().encode('<html><body><p>会议通知</p><table><tr><td>姓名</td><td>部门</td></tr></table></body></html>');
    const other = await importFile('通知.mht', mht(page, 'utf-8', 'base64'));
    expect(other.report.status).toBe('refused');
    expect(other.report.refusedReason).toBe(
      '无法读取表单「通知.mht」：这是一个单个文件网页（.mht），但其中的网页不是跟踪评价表单（没有表单标题「财政项目支出绩效运行监控」或其表格）',
    );
    const empty = new TextEncoder().encode('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="x"\r\n\r\n--x--\r\n');
    expect((await importFile('空.mht', empty)).report.refusedReason).toBe(
      '无法读取表单「空.mht」：这是一个单个文件网页（.mht），但其中没有网页正文',
    );
  });
});
