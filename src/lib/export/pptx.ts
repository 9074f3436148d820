/**
 * A minimal, valid .pptx writer (16:9), made in the browser with fflate: title slides, chart
 * slides (a PNG with its title and caption) and table slides (a real, editable table).
 * The namespace strings below are XML identifiers, never fetched.
 */
import { strToU8, zipSync } from 'fflate';
import { NS } from './ooxml';

export type SlideSpec =
  | { kind: 'title'; title: string; lines: string[] }
  | { kind: 'chart'; title: string; caption: string; png: Uint8Array; width: number; height: number }
  | { kind: 'table'; title: string; caption: string; headers: string[]; rows: string[][]; widths?: number[] };

const A = NS.drawing;
const R = NS.relationships;
const P = NS.presentation;
const PKG = NS.packageRelationships;
const CT = NS.contentTypes;
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Slide size in EMU (13.333 × 7.5 in). */
export const SLIDE_W = 12192000;
export const SLIDE_H = 6858000;
const FONT = 'Microsoft YaHei';

const esc = (s: string) =>
  s
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function run(text: string, size: number, opts: { bold?: boolean; color?: string } = {}): string {
  return `<a:r><a:rPr lang="zh-CN" altLang="en-US" sz="${size}"${opts.bold ? ' b="1"' : ''} dirty="0">${opts.color ? `<a:solidFill><a:srgbClr val="${opts.color}"/></a:solidFill>` : ''}<a:latin typeface="${FONT}"/><a:ea typeface="${FONT}"/></a:rPr><a:t>${esc(text)}</a:t></a:r>`;
}

function textBox(
  id: number,
  name: string,
  x: number,
  y: number,
  w: number,
  h: number,
  paras: string[],
  size: number,
  opts: { bold?: boolean; color?: string; align?: 'l' | 'ctr' } = {},
): string {
  const ps = paras.map((t) => `<a:p><a:pPr algn="${opts.align ?? 'l'}"/>${run(t, size, opts)}</a:p>`).join('');
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${esc(name)}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${w}" cy="${h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square" lIns="0" rIns="0"><a:normAutofit/></a:bodyPr><a:lstStyle/>${ps}</p:txBody></p:sp>`;
}

function picture(id: number, rid: string, x: number, y: number, w: number, h: number, name: string): string {
  return `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="${esc(name)}" descr="${esc(name)}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="${rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${w}" cy="${h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
}

function table(id: number, x: number, y: number, w: number, headers: string[], rows: string[][], widths?: number[]): string {
  const total = (widths ?? headers.map(() => 1)).reduce((s, v) => s + v, 0);
  const cols = (widths ?? headers.map(() => 1)).map((v) => Math.floor((w * v) / total));
  const rowH = 370840;
  const cell = (t: string, header: boolean) =>
    `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p>${run(t, header ? 1100 : 1000, { bold: header, color: header ? 'FFFFFF' : '1B2A3A' })}</a:p></a:txBody><a:tcPr marL="45720" marR="45720" marT="22860" marB="22860">${header ? '<a:solidFill><a:srgbClr val="173F6D"/></a:solidFill>' : ''}</a:tcPr></a:tc>`;
  const trs = [headers, ...rows].map((r, i) => `<a:tr h="${rowH}">${r.map((t) => cell(t, i === 0)).join('')}</a:tr>`).join('');
  return `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="表格"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${w}" cy="${rowH * (rows.length + 1)}"/></p:xfrm><a:graphic><a:graphicData uri="${NS.drawingTable}"><a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>${cols.map((c) => `<a:gridCol w="${c}"/>`).join('')}</a:tblGrid>${trs}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
}

function slideXml(shapes: string): string {
  return `${XML}<p:sld xmlns:a="${A}" xmlns:r="${R}" xmlns:p="${P}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>${shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`;
}

const M = 457200; // margin 0.5 in

function slideBody(s: SlideSpec): { xml: string; image?: Uint8Array } {
  if (s.kind === 'title') {
    return {
      xml: slideXml(
        textBox(2, '标题', M, 2000000, SLIDE_W - 2 * M, 1100000, [s.title], 3600, { bold: true, color: '173F6D', align: 'ctr' }) +
          textBox(3, '说明', M, 3300000, SLIDE_W - 2 * M, 1800000, s.lines, 1800, { color: '333333', align: 'ctr' }),
      ),
    };
  }
  const head =
    textBox(2, '标题', M, 250000, SLIDE_W - 2 * M, 520000, [s.title], 2400, { bold: true, color: '173F6D' }) +
    textBox(3, '说明', M, 760000, SLIDE_W - 2 * M, 330000, [s.caption], 1100, { color: '555555' });
  if (s.kind === 'table') return { xml: slideXml(head + table(4, M, 1180000, SLIDE_W - 2 * M, s.headers, s.rows, s.widths)) };
  const boxW = SLIDE_W - 2 * M;
  const boxH = SLIDE_H - 1180000 - 250000;
  const scale = Math.min(boxW / s.width, boxH / s.height);
  const w = Math.round(s.width * scale);
  const h = Math.round(s.height * scale);
  return { xml: slideXml(head + picture(4, 'rId2', Math.round((SLIDE_W - w) / 2), 1180000, w, h, s.title)), image: s.png };
}

const THEME = `${XML}<a:theme xmlns:a="${A}" name="看板"><a:themeElements><a:clrScheme name="看板"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="173F6D"/></a:dk2><a:lt2><a:srgbClr val="F3F5F8"/></a:lt2><a:accent1><a:srgbClr val="1F5FA8"/></a:accent1><a:accent2><a:srgbClr val="C8372D"/></a:accent2><a:accent3><a:srgbClr val="2E8B57"/></a:accent3><a:accent4><a:srgbClr val="E0A526"/></a:accent4><a:accent5><a:srgbClr val="6B7785"/></a:accent5><a:accent6><a:srgbClr val="9AA4B1"/></a:accent6><a:hlink><a:srgbClr val="1F5FA8"/></a:hlink><a:folHlink><a:srgbClr val="6B7785"/></a:folHlink></a:clrScheme><a:fontScheme name="看板"><a:majorFont><a:latin typeface="${FONT}"/><a:ea typeface="${FONT}"/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="${FONT}"/><a:ea typeface="${FONT}"/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="看板"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>`;

const EMPTY_TREE = '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree>';

export function buildPptx(slides: SlideSpec[], title = '会议材料'): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const put = (name: string, s: string) => {
    files[name] = strToU8(s);
  };
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${R}/${type}" Target="${target}"/>`;
  put(
    '[Content_Types].xml',
    `${XML}<Types xmlns="${CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/><Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/><Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>${slides.map((_, i) => `<Override PartName="/ppt/slides/slide${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`).join('')}</Types>`,
  );
  put(
    '_rels/.rels',
    `${XML}<Relationships xmlns="${PKG}">${rel('rId1', 'officeDocument', 'ppt/presentation.xml')}<Relationship Id="rId2" Type="${NS.coreProperties}" Target="docProps/core.xml"/></Relationships>`,
  );
  put(
    'docProps/core.xml',
    `${XML}<cp:coreProperties xmlns:cp="${NS.coreMetadata}" xmlns:dc="${NS.dublinCore}"><dc:title>${esc(title)}</dc:title><dc:creator>绩效运行监控看板</dc:creator></cp:coreProperties>`,
  );
  put(
    'ppt/presentation.xml',
    `${XML}<p:presentation xmlns:a="${A}" xmlns:r="${R}" xmlns:p="${P}" saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 3}"/>`).join('')}</p:sldIdLst><p:sldSz cx="${SLIDE_W}" cy="${SLIDE_H}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`,
  );
  put(
    'ppt/_rels/presentation.xml.rels',
    `${XML}<Relationships xmlns="${PKG}">${rel('rId1', 'slideMaster', 'slideMasters/slideMaster1.xml')}${rel('rId2', 'theme', 'theme/theme1.xml')}${slides.map((_, i) => rel(`rId${i + 3}`, 'slide', `slides/slide${i + 1}.xml`)).join('')}</Relationships>`,
  );
  put(
    'ppt/slideMasters/slideMaster1.xml',
    `${XML}<p:sldMaster xmlns:a="${A}" xmlns:r="${R}" xmlns:p="${P}"><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>${EMPTY_TREE}</p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`,
  );
  put(
    'ppt/slideMasters/_rels/slideMaster1.xml.rels',
    `${XML}<Relationships xmlns="${PKG}">${rel('rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml')}${rel('rId2', 'theme', '../theme/theme1.xml')}</Relationships>`,
  );
  put(
    'ppt/slideLayouts/slideLayout1.xml',
    `${XML}<p:sldLayout xmlns:a="${A}" xmlns:r="${R}" xmlns:p="${P}" type="blank" preserve="1"><p:cSld name="空白">${EMPTY_TREE}</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`,
  );
  put(
    'ppt/slideLayouts/_rels/slideLayout1.xml.rels',
    `${XML}<Relationships xmlns="${PKG}">${rel('rId1', 'slideMaster', '../slideMasters/slideMaster1.xml')}</Relationships>`,
  );
  put('ppt/theme/theme1.xml', THEME);
  let img = 0;
  slides.forEach((s, i) => {
    const body = slideBody(s);
    put(`ppt/slides/slide${i + 1}.xml`, body.xml);
    let rels = rel('rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml');
    if (body.image) {
      img++;
      files[`ppt/media/image${img}.png`] = body.image;
      rels += rel('rId2', 'image', `../media/image${img}.png`);
    }
    put(`ppt/slides/_rels/slide${i + 1}.xml.rels`, `${XML}<Relationships xmlns="${PKG}">${rels}</Relationships>`);
  });
  return zipSync(files, { level: 6 });
}
