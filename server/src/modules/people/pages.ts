import type { ApprovalSpec, FormSpec } from '@flowbridge/nodes/core/people';

/**
 * The pages people outside Flowbridge open from a link: plain server-rendered HTML that works
 * on any phone, in the sender's language when the browser asks for Russian or Spanish.
 */
const TEXTS = {
  en: { submit: 'Send', sent: 'Thank you, your answer was sent.', closed: 'This link is closed.', approve: 'Approve', reject: 'Reject', comment: 'Comment (optional)', choose: 'Choose…', decided: 'Thank you, your answer was recorded.', needs: 'approvals needed' },
  ru: { submit: 'Отправить', sent: 'Спасибо, ответ отправлен.', closed: 'Ссылка больше не действует.', approve: 'Согласовать', reject: 'Отклонить', comment: 'Комментарий (необязательно)', choose: 'Выберите…', decided: 'Спасибо, ответ записан.', needs: 'согласований нужно' },
  es: { submit: 'Enviar', sent: 'Gracias, su respuesta fue enviada.', closed: 'Este enlace ya no está activo.', approve: 'Aprobar', reject: 'Rechazar', comment: 'Comentario (opcional)', choose: 'Elija…', decided: 'Gracias, su respuesta quedó registrada.', needs: 'aprobaciones necesarias' },
} as const;
export type PageLang = keyof typeof TEXTS;

export function pageLang(acceptLanguage: string | undefined): PageLang {
  const first = (acceptLanguage ?? '').toLowerCase().split(',')[0]?.slice(0, 2);
  return first === 'ru' || first === 'es' ? first : 'en';
}

const escape = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, nonce?: string, script?: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style nonce="${nonce ?? ''}">body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
label{display:block;margin:1rem 0 .25rem;font-weight:600}input,select,textarea{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font:inherit;cursor:pointer}.error{color:#b42318}.muted{color:#616e7c}</style></head>
<body>${body}${script ? `<script nonce="${nonce}">${script}</script>` : ''}</body></html>`;
}

export function messagePage(text: string): string {
  return page('Flowbridge', `<p>${escape(text)}</p>`);
}

export function closedPage(lang: PageLang): string {
  return messagePage(TEXTS[lang].closed);
}

/** The form posts JSON (files as data URLs) with a few lines of script; the script is allowed by nonce only. */
export function formPage(spec: FormSpec, lang: PageLang, nonce: string): string {
  const t = TEXTS[lang];
  const fields = spec.fields.map((field) => {
    const id = `f_${escape(field.name)}`;
    const required = field.required ? ' required' : '';
    let input: string;
    switch (field.type ?? 'text') {
      case 'select':
        input = `<select id="${id}" name="${escape(field.name)}"${required}><option value="">${t.choose}</option>${(field.options ?? '').split(',').map((o) => o.trim()).filter(Boolean).map((o) => `<option>${escape(o)}</option>`).join('')}</select>`;
        break;
      case 'number': input = `<input id="${id}" name="${escape(field.name)}" inputmode="decimal"${required}>`; break;
      case 'date': input = `<input id="${id}" name="${escape(field.name)}" type="date"${required}>`; break;
      case 'file': input = `<input id="${id}" name="${escape(field.name)}" type="file" data-file${required}>`; break;
      default: input = `<input id="${id}" name="${escape(field.name)}"${required}>`;
    }
    return `<label for="${id}">${escape(field.label)}</label>${input}`;
  }).join('\n');
  const script = `const f=document.getElementById('form');const out=document.getElementById('result');
const read=(file)=>new Promise((ok,no)=>{const r=new FileReader();r.onload=()=>ok({name:file.name,dataUrl:r.result});r.onerror=no;r.readAsDataURL(file);});
f.addEventListener('submit',async(e)=>{e.preventDefault();const answers={};
for(const el of f.elements){if(!el.name)continue;if(el.dataset.file!==undefined){if(el.files[0])answers[el.name]=await read(el.files[0]);}else if(el.value!=='')answers[el.name]=el.value;}
const res=await fetch(location.href,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({answers})});
const data=await res.json().catch(()=>({}));if(res.ok){f.remove();out.className='';out.textContent=${JSON.stringify(t.sent)};}else{out.className='error';out.textContent=data.message||res.statusText;}});`;
  return page(spec.title, `<h1>${escape(spec.title)}</h1>${spec.description ? `<p class="muted">${escape(spec.description)}</p>` : ''}
<form id="form" novalidate>${fields}<button type="submit">${t.submit}</button></form><p id="result"></p>`, nonce, script);
}

export function approvalPage(spec: ApprovalSpec, lang: PageLang): string {
  const t = TEXTS[lang];
  return page(spec.title, `<h1>${escape(spec.title)}</h1>${spec.details ? `<p>${escape(spec.details)}</p>` : ''}
<p class="muted">${spec.quorum} ${t.needs}</p>
<form method="post"><label for="comment">${t.comment}</label><textarea id="comment" name="comment" rows="3" maxlength="2000"></textarea>
<button name="decision" value="approve">${t.approve}</button> <button name="decision" value="reject">${t.reject}</button></form>`);
}

export function decidedPage(lang: PageLang): string {
  return messagePage(TEXTS[lang].decided);
}
