// The kiosk's progressive enhancement (kiosk pages only; web/kiosk_pages.hpp). Every kiosk page works
// without it: the code is typed into a plain form, and a <noscript> meta refresh goes back to /kiosk.
//
// 1. Idle timer: after data-kiosk-idle seconds without a touch, key or pointer, forms are cleared and
//    the kiosk goes back to /kiosk (location.replace, so the page with the code is not the one "back"
//    returns to).
// 2. QR scan: reads the receipt's QR (Mẫu 01) from the camera when there is one, or from a photo, with
//    jsQR. The payload is the receipt's JSON ("mocua-receipt/1": "dossier" is the code, "url" the
//    lookup address) or a bare lookup URL; either way the kiosk opens /kiosk/lookup?code=….
import jsQR from "jsqr";

const root = document.querySelector("[data-kiosk-idle]");

// ---- 1. Idle timer ----------------------------------------------------------------------------------
if (root) {
  const seconds = Number.parseInt(root.getAttribute("data-kiosk-idle") ?? "", 10);
  if (Number.isFinite(seconds) && seconds > 0) {
    let timer = 0;
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        for (const form of document.forms) form.reset();
        for (const input of document.querySelectorAll("input")) {
          if (input.type !== "hidden" && input.type !== "radio" && input.type !== "checkbox") input.value = "";
        }
        stopCamera();
        window.location.replace("/kiosk");
      }, seconds * 1000);
    };
    for (const type of ["pointerdown", "touchstart", "keydown", "input", "wheel"]) {
      document.addEventListener(type, reset, { passive: true, capture: true });
    }
    reset();
  }
}

// ---- 2. QR scan -------------------------------------------------------------------------------------

// The dossier code in a scanned text, or "".
export function codeFromQr(text) {
  const trimmed = (text ?? "").trim();
  if (trimmed.startsWith("{")) {
    try {
      const payload = JSON.parse(trimmed);
      if (typeof payload.dossier === "string") return payload.dossier;
      if (typeof payload.url === "string") return codeFromQr(payload.url);
    } catch {
      return "";
    }
    return "";
  }
  try {
    const url = new URL(trimmed);
    return url.searchParams.get("code") ?? "";
  } catch {
    return "";
  }
}

const scan = document.querySelector("[data-qr-scan]");
const status = scan?.querySelector("[data-qr-status]");
const video = scan?.querySelector("[data-qr-video]");
let stream = null;

function stopCamera() {
  if (stream) {
    for (const track of stream.getTracks()) track.stop();
    stream = null;
  }
  if (video) video.hidden = true;
}

function open(code) {
  stopCamera();
  window.location.assign("/kiosk/lookup?code=" + encodeURIComponent(code));
}

function fail() {
  if (status) status.textContent = scan.querySelector("[data-qr-message-fail]")?.textContent ?? "";
}

// Decodes the QR in an image (ImageBitmap, <video>, <img>): the code, or "".
function decode(source, width, height) {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(source, 0, 0, width, height);
  const image = context.getImageData(0, 0, width, height);
  const found = jsQR(image.data, width, height, { inversionAttempts: "attemptBoth" });
  return found ? codeFromQr(found.data) : "";
}

if (scan) {
  scan.hidden = false;
  const photo = scan.querySelector("[data-qr-photo]");
  photo?.addEventListener("change", async () => {
    const file = photo.files?.[0];
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      const code = decode(bitmap, bitmap.width, bitmap.height);
      if (code) open(code);
      else fail();
    } catch {
      fail();
    }
  });
  const camera = scan.querySelector("[data-qr-camera]");
  if (camera && navigator.mediaDevices?.getUserMedia) {
    camera.hidden = false;
    camera.addEventListener("click", async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      } catch {
        fail();
        return;
      }
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const tick = () => {
        if (!stream) return;
        if (video.videoWidth > 0) {
          const code = decode(video, video.videoWidth, video.videoHeight);
          if (code) {
            open(code);
            return;
          }
        }
        window.requestAnimationFrame(tick);
      };
      window.requestAnimationFrame(tick);
    });
  }
}
