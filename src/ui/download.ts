// Save text or bytes as a file through the browser's download.
export function downloadText(filename: string, text: string, type: string): void {
  downloadFile(filename, text, type);
}

export function downloadFile(filename: string, data: string | ArrayBuffer, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
