/**
 * WeChat Pay v2's wire format: one flat `<xml>` element whose children are string parameters, text or
 * CDATA. Nothing nests, so this is a key/value codec rather than an XML parser; anything else is refused.
 */
const ELEMENT = /<([A-Za-z_][A-Za-z0-9_]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };

export function parseWechatPayXml(xml: string): Record<string, string> {
  const body = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(xml)?.[1];
  if (body === undefined) throw new Error('not a WeChat Pay XML message');
  const params: Record<string, string> = {};
  let consumed = '';
  for (const match of body.matchAll(ELEMENT)) {
    const [whole, name, cdata, text] = match;
    params[name!] = cdata ?? (text ?? '').replace(/&(lt|gt|amp|quot|apos);/g, (entity) => ENTITIES[entity]!);
    consumed += whole;
  }
  if (body.replace(/\s+/g, '') !== consumed.replace(/\s+/g, '')) throw new Error('unexpected content in a WeChat Pay XML message');
  return params;
}

export function buildWechatPayXml(params: Record<string, string>): string {
  const children = Object.entries(params).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid parameter name ${name}`);
    if (value.includes(']]>')) throw new Error(`parameter ${name} cannot be carried in CDATA`);
    return `<${name}><![CDATA[${value}]]></${name}>`;
  });
  return `<xml>${children.join('')}</xml>`;
}
