/**
 * Read aloud with the Web Speech API: a voice for the edition's language (zh-CN, zh-HK or zh-TW,
 * else any Chinese voice), paragraph by paragraph, with pause and resume. The button stays hidden
 * when the browser has no such voice.
 */
export function voiceTag(lang: string): string {
  if (/^zh-(HK|MO)/i.test(lang)) return 'zh-HK';
  if (/^zh-(TW|Hant)/i.test(lang)) return 'zh-TW';
  return 'zh-CN';
}

export function pickVoice(voices: SpeechSynthesisVoice[], lang: string): SpeechSynthesisVoice | null {
  const want = voiceTag(lang).toLowerCase();
  const norm = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
  return voices.find((v) => norm(v) === want) ?? voices.find((v) => norm(v).startsWith('zh')) ?? null;
}

export function setupSpeech(button: HTMLButtonElement, article: HTMLElement, announce: (t: string) => void): void {
  const synth = typeof speechSynthesis === 'undefined' ? null : speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  let voice: SpeechSynthesisVoice | null = null;
  let state: 'idle' | 'speaking' | 'paused' = 'idle';
  const label = () => {
    button.textContent = state === 'speaking' ? '暂停' : state === 'paused' ? '继续' : '朗读';
    button.setAttribute('aria-pressed', String(state === 'speaking'));
    button.dataset.state = state;
  };
  const findVoice = () => {
    voice = pickVoice(synth.getVoices(), document.documentElement.lang);
    button.hidden = !voice;
  };
  findVoice();
  synth.addEventListener?.('voiceschanged', findVoice);
  const start = () => {
    const parts = [...article.querySelectorAll<HTMLElement>('h1,h2,h3,h4,h5,h6,p,li,figcaption')].map((el) => el.textContent?.trim() ?? '').filter(Boolean);
    synth.cancel();
    parts.forEach((text, i) => {
      const u = new SpeechSynthesisUtterance(text);
      if (voice) {
        u.voice = voice;
        u.lang = voice.lang;
      }
      if (i === parts.length - 1) u.onend = () => ((state = 'idle'), label());
      synth.speak(u);
    });
    state = 'speaking';
    announce('开始朗读');
  };
  button.addEventListener('click', () => {
    if (state === 'idle') start();
    else if (state === 'speaking') {
      synth.pause();
      state = 'paused';
      announce('朗读已暂停');
    } else {
      synth.resume();
      state = 'speaking';
      announce('继续朗读');
    }
    label();
  });
  addEventListener('pagehide', () => synth.cancel());
  label();
}
