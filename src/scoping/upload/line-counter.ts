/** Counts physical lines across text chunks the way an editor does: CR, LF and CRLF each end one line. */
export class LineCounter {
  private breaks = 0;
  private endsWithCR = false;

  add(text: string): void {
    if (text.length === 0) return;
    const pairs = count(text, '\r\n') + (this.endsWithCR && text.charCodeAt(0) === 10 ? 1 : 0);
    this.breaks += count(text, '\n') + count(text, '\r') - pairs;
    this.endsWithCR = text.charCodeAt(text.length - 1) === 13;
  }

  /** 1-based line the next character falls on. */
  get line(): number {
    return this.breaks + 1;
  }
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
