import type { Note, NoteSummary } from '../preload';

const list = document.querySelector<HTMLUListElement>('#notes')!;
const search = document.querySelector<HTMLInputElement>('#search')!;
const title = document.querySelector<HTMLInputElement>('#title')!;
const body = document.querySelector<HTMLTextAreaElement>('#body')!;
let current: Note | null = null;

function renderList(notes: NoteSummary[]): void {
  list.replaceChildren(
    ...notes.map((note) => {
      const item = document.createElement('li');
      item.textContent = note.title || 'Untitled';
      item.classList.toggle('active', note.id === current?.id);
      item.addEventListener('click', () => void open(note.id));
      return item;
    }),
  );
}

async function refresh(): Promise<void> {
  const query = search.value.trim();
  const { notes } = query ? await window.notes.search(query) : await window.notes.list();
  renderList(notes);
}

async function open(id: string): Promise<void> {
  current = await window.notes.get(id);
  title.value = current.title;
  body.value = current.body;
  await refresh();
}

async function save(): Promise<void> {
  if (!current) return;
  current = await window.notes.update({ ...current, title: title.value, body: body.value });
  await refresh();
}

document.querySelector('#new')?.addEventListener('click', async () => {
  const note = await window.notes.create('Untitled');
  await open(note.id);
});

document.querySelector('#delete')?.addEventListener('click', async () => {
  if (!current || !confirm(`Delete "${current.title}"?`)) return;
  window.notes.remove(current.id);
  current = null;
  title.value = body.value = '';
  await refresh();
});

let saveTimer: ReturnType<typeof setTimeout> | undefined;
for (const field of [title, body]) {
  field.addEventListener('input', () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void save(), 400);
  });
}

search.addEventListener('input', () => void refresh());
void refresh();
