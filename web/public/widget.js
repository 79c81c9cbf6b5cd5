/*
 * FastTrack Center "Need help?" widget. Any admin portal can host it:
 *   <script src="https://fasttrack.example/widget.js" defer></script>
 *   <fasttrack-help workload="teams"></fasttrack-help>
 * The button opens the request wizard of FastTrack Center in a window (sign-in first when needed).
 * When the request is filed, the element fires a `fasttrack-request` event whose detail is
 * { id, number } and sets its `request-id` attribute.
 */
(() => {
  const script = document.currentScript;
  const origin = new URL(script ? script.src : location.href).origin;
  const TEXT = {
    en: 'Need help? Ask FastTrack',
    fr: 'Besoin d’aide ? Demandez à FastTrack',
    de: 'Hilfe nötig? FastTrack fragen',
    it: 'Serve aiuto? Chiedi a FastTrack',
    ja: 'お困りですか? FastTrack に相談',
    ko: '도움이 필요하세요? FastTrack에 문의',
    'pt-BR': 'Precisa de ajuda? Pergunte ao FastTrack',
    es: '¿Necesita ayuda? Pregunte a FastTrack',
    th: 'ต้องการความช่วยเหลือ? ถาม FastTrack',
    vi: 'Cần trợ giúp? Hỏi FastTrack',
    'zh-Hans': '需要帮助？咨询 FastTrack',
    'zh-Hant': '需要協助嗎？詢問 FastTrack',
  };
  const pick = (lang) => {
    const l = (lang || navigator.language || 'en').toLowerCase();
    if (l.startsWith('zh')) return /hant|tw|hk|mo/.test(l) ? 'zh-Hant' : 'zh-Hans';
    if (l.startsWith('pt')) return 'pt-BR';
    return Object.keys(TEXT).find((k) => k === l.split('-')[0]) || 'en';
  };

  class FastTrackHelp extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: 'open' });
      const lang = pick(this.getAttribute('lang') || document.documentElement.lang);
      root.innerHTML = `<style>
        button{font:inherit;font-weight:600;padding:8px 16px;border-radius:4px;border:1px solid #0f6cbd;
          background:#0f6cbd;color:#fff;cursor:pointer}
        button:focus-visible{outline:2px solid #000;outline-offset:2px}
      </style><button type="button" part="button"></button>`;
      const button = root.querySelector('button');
      button.textContent = this.getAttribute('label') || TEXT[lang];
      button.addEventListener('click', () => this.open());
    }

    open() {
      const params = new URLSearchParams({ embed: '1' });
      const workload = this.getAttribute('workload');
      if (workload) params.set('workload', workload);
      const customer = this.getAttribute('customer');
      if (customer) params.set('customer', customer);
      const popup = window.open(`${origin}/requests/new?${params}`, 'fasttrack-help', 'width=960,height=800');
      const onMessage = (e) => {
        if (e.origin !== origin || e.source !== popup || !e.data || e.data.type !== 'fasttrack-request')
          return;
        window.removeEventListener('message', onMessage);
        this.setAttribute('request-id', e.data.id);
        this.dispatchEvent(
          new CustomEvent('fasttrack-request', {
            detail: { id: e.data.id, number: e.data.number },
            bubbles: true,
          }),
        );
      };
      window.addEventListener('message', onMessage);
    }
  }
  if (!customElements.get('fasttrack-help')) customElements.define('fasttrack-help', FastTrackHelp);
})();
