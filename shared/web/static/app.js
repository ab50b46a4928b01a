// The egress-scout web page: reads the local API and shows the inventory (every value set as text, never as HTML).
const app = document.getElementById('app');

async function load() {
  const response = await fetch('/hostnames?limit=50');
  const page = await response.json();
  const list = document.createElement('ul');
  for (const item of page.items) {
    const li = document.createElement('li');
    li.textContent = `${item.hostname} — ${item.hits} hits`;
    list.append(li);
  }
  app.replaceChildren(list);
}

load().catch((error) => {
  app.textContent = `Could not load the inventory: ${error.message}`;
});
