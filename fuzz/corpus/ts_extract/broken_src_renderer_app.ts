interface Task {
  id: string;
  title: string;
  done: boolean;
  dueAt: number;
}

declare global {
  interface Window {
    api: {
      listTasks(): Promise<Task[]>;
      createTask(title: string, dueAt: number): Promise<Task>;
      deleteTask(id: string): Promise<void>;
      deleteCompleted(ids: string[]): void;
      exportTasks(format: 'json' | 'csv'): Promise<{ path: string }>;
      archiveTasks(ids: string[]): Promise<void>;
      renameTask(id: string, title: string): Promise<Task>;
      getVersion(): Promise<string>;
    };
  }
}

const list = document.querySelector<HTMLUListElement>('#tasks')!;

async function render(): Promise<void> {
  const tasks = await window.api.listTasks();
  list.replaceChildren(
    ...tasks.map((task) => {
      const item = document.createElement('li');
      item.textContent = task.title;
      item.addEventListener('dblclick', async () => {
        const title = prompt('Rename task', task.title);
        // BUG(unknown-bridge-member): the preload exposes no renameTask.
        if (title) await window.api.renameTask(task.id, title);
        await render();
      });
      item.querySelector('button.delete')?.addEventListener('click', async () => {
        await window.api.deleteTask(task.id);
        await render();
      });
      return item;
    }),
  );
}

document.querySelector('#add')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.querySelector<HTMLInputElement>('#title')!;
  await window.api.createTask(input.value, Date.now() + 86_400_000);
  await render();
});

document.querySelector('#clear-done')?.addEventListener('click', async () => {
  const tasks = await window.api.listTasks();
  window.api.deleteCompleted(tasks.filter((task) => task.done).map((task) => task.id));
  await render();
});

document.querySelector('#archive')?.addEventListener('click', async () => {
  const tasks = await window.api.listTasks();
  await window.api.archiveTasks(tasks.map((task) => task.id));
});

document.querySelector('#export')?.addEventListener('click', async () => {
  const { path } = await window.api.exportTasks('json');
  alert(`Exported to ${path}`);
});

void window.api.getVersion().then((version) => (document.title = `Tasks ${version}`));
void render();

export {};
