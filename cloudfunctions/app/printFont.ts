import { existsSync } from 'node:fs';

/**
 * A font with Chinese glyphs for the print sheet's captions (PDF's built-in fonts have none): the file
 * named by GRADPHOTO_CJK_FONT (deployments ship one with the function), else a system font from the
 * usual Debian/Ubuntu packages (fonts-wqy-microhei, fonts-noto-cjk). `family` names the face inside a
 * collection (.ttc).
 */
const CANDIDATES: readonly { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
];

export interface PrintFont {
  path: string;
  family?: string | undefined;
}

export function findPrintFont(env: NodeJS.ProcessEnv = process.env): PrintFont | null {
  const configured = env.GRADPHOTO_CJK_FONT;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`GRADPHOTO_CJK_FONT 指向的字体文件不存在：${configured}`);
    return { path: configured, family: env.GRADPHOTO_CJK_FONT_FAMILY };
  }
  return CANDIDATES.find((candidate) => existsSync(candidate.path)) ?? null;
}
