/** What each check tells the student to do, in Chinese (photo-standard.md §2). */
import type { CheckCode } from '../report';

/** `warn` is said when the check only warns (when absent, `fix` is). */
export const CHECK_MESSAGES: Record<CheckCode, { pass: string; fix: string; warn?: string }> = {
  FACE_NOT_FOUND: { pass: '检测到人脸', fix: '未检测到人脸，请正对镜头拍摄清晰的正面免冠照片' },
  FACE_MULTIPLE: { pass: '照片中只有一人', fix: '照片中有多张人脸，请单人拍摄，背景中不要有其他人或人像' },
  FRAMING_INCOMPLETE: { pass: '头部和双肩完整', fix: '头部或双肩不完整，请拍摄包含头顶和双肩的上半身照片，头顶上方留出空白' },
  RESOLUTION_LOW: {
    pass: '分辨率足够', fix: '照片分辨率太低，请靠近一些、用后置摄像头拍摄，或上传未压缩的原图',
    warn: '照片分辨率偏低，已略微放大，建议上传更清晰的原图',
  },
  HEAD_ROLL: { pass: '头部端正', fix: '头部歪斜，请正对镜头，保持头部端正' },
  HEAD_YAW: { pass: '正面朝向镜头', fix: '脸部偏向一侧，请正对镜头，保持左右脸对称' },
  HEAD_PITCH: { pass: '平视镜头', fix: '请平视镜头，不要仰头或低头' },
  EYES_CLOSED: { pass: '双眼睁开', fix: '请双眼自然睁开，平视镜头' },
  MOUTH_OPEN: { pass: '嘴唇闭合', fix: '请嘴唇自然闭合，不要张嘴或露齿' },
  BLUR: { pass: '照片清晰', fix: '照片不够清晰，请对焦后重拍，拍摄时保持手机稳定' },
  UNDEREXPOSED: { pass: '面部亮度正常', fix: '面部太暗，请在光线充足、均匀的地方拍摄' },
  OVEREXPOSED: { pass: '面部没有过曝', fix: '面部过亮，请避免强光直射和闪光灯，在柔和光线下拍摄' },
  LIGHTING_UNEVEN: { pass: '面部光线均匀', fix: '面部光线不均匀（阴阳脸），请面向光源拍摄，避免侧光' },
  COLOR_CAST: { pass: '色彩自然', fix: '照片偏色，请在自然光或白光下拍摄，不要使用滤镜' },
  BACKGROUND_CLUTTERED: { pass: '背景为单一颜色', fix: '背景不是单一纯色，请在浅色纯色墙前拍摄，背景中不要有物品或他人' },
  CLOTHING_BLENDS: { pass: '衣着与背景区分明显', fix: '衣服颜色与底色太接近，请换穿与底色区分明显的衣服（如深色上衣）' },
  MATTE_FAILED: { pass: '人像与背景分离正常', fix: '无法把人像和背景干净地分开，请在纯色背景前重新拍摄' },
  JPEG_ARTIFACTS: { pass: '没有明显压缩痕迹', fix: '照片经过多次压缩，画质较差，请上传原图' },
  EDITED_SOFTWARE: { pass: '未发现修图软件信息', fix: '照片经过修图或美颜软件处理，请上传未经美颜、修图的原图' },
};

/** COLOR_CAST's message for a black-and-white photo. */
export const MONOCHROME = '这是一张黑白照片，请上传彩色照片';

/** Shown instead of a landmark check's fault when the photo is too blurred to judge it. */
export const BLURRED_UNJUDGED = '照片模糊，此项无法可靠判断；请先拍摄清晰的照片';

/** Shown instead of a face check's fault when part of the face is outside the picture. */
export const FACE_CUT_UNJUDGED = '脸部有一部分在照片外，此项无法可靠判断；请拍摄完整的脸部';
