// Drives Maitre's POST /api/v1/agent with the off-the-shelf AG-UI client
// (@ag-ui/client's HttpAgent, unchanged): it parses the event stream, checks
// every event against the protocol's schemas and the order rules (its own
// verifier fails the run otherwise), and applies messages and state.
//
//   node agui.mjs BASE_URL
//
// Three turns on one thread: a search (cards), "add two of those" (the cart
// comes back as state), then "place my order" (shown, not placed). Prints one
// line per run, "RUN <n> <event types>", then "OK" and exits 0; any failure
// prints "FAIL <reason>" and exits 1. Warnings from the client count as failures.
import { HttpAgent } from '@ag-ui/client';

const [baseUrl] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node agui.mjs BASE_URL');
  process.exit(2);
}
const say = (line) => new Promise((resolve) => process.stdout.write(`${line}\n`, resolve));
const fail = async (why) => {
  await say(`FAIL ${why}`);
  process.exit(1);
};
const warnings = [];
const warn = console.warn;
console.warn = (...args) => {
  warnings.push(args.join(' '));
  warn(...args);
};
setTimeout(() => fail('overall timeout of 60 s'), 60_000).unref();

const agent = new HttpAgent({
  url: new URL('api/v1/agent', baseUrl).href,
  threadId: `agui-${Date.now()}-${Math.random().toString(16).slice(2, 10)}`,
  initialState: { cart: [] },
});

async function turn(n, text) {
  const types = [];
  const custom = {};
  agent.addMessage({ id: `user-${n}`, role: 'user', content: text });
  const result = await agent.runAgent(
    { forwardedProps: { language: 'en' } },
    {
      onEvent: ({ event }) => {
        types.push(event.type === 'CUSTOM' ? `CUSTOM:${event.name}` : event.type);
        if (event.type === 'CUSTOM') custom[event.name] = event.value;
      },
    },
  );
  await say(`RUN ${n} ${types.join(' ')}`);
  if (types[0] !== 'RUN_STARTED' || types.at(-1) !== 'RUN_FINISHED') await fail(`run ${n} did not start and finish: ${types}`);
  return { result, types, custom };
}

try {
  const first = await turn(1, 'do you have tiramisu?');
  const cards = first.custom['maitre.menu_cards']?.items || [];
  if (cards.length !== 1 || cards[0].name !== 'Tiramisù') await fail(`expected one Tiramisù card, got ${JSON.stringify(cards)}`);
  const reply = agent.messages.findLast((m) => m.role === 'assistant' && m.content);
  if (!reply?.content.includes('Tiramisù')) await fail(`the assistant's message is not in agent.messages: ${JSON.stringify(agent.messages)}`);
  if (!agent.messages.some((m) => m.role === 'tool')) await fail('the tool result did not become a tool message');

  const second = await turn(2, 'add two of those');
  if (!second.types.includes('STATE_SNAPSHOT')) await fail('no STATE_SNAPSHOT after adding');
  const line = agent.state.cart?.[0];
  if (agent.state.cart?.length !== 1 || line.quantity !== 2 || line.menu_item_id !== cards[0].id)
    await fail(`agent.state.cart is ${JSON.stringify(agent.state.cart)}`);
  if (!second.custom['maitre.cart']?.confirm_needed) await fail('the cart card does not ask for the confirm step');
  const calls = agent.messages.flatMap((m) => m.toolCalls || []).map((c) => c.function.name);
  if (!calls.includes('add_to_cart')) await fail(`no add_to_cart tool call in the messages: ${calls}`);

  // The state goes back with the next run: the server sees the same cart.
  const third = await turn(3, 'place my order');
  const cart = third.custom['maitre.cart'];
  if (!cart?.confirm_asked || cart.lines?.[0]?.quantity !== 2) await fail(`the cart was not shown for confirming: ${JSON.stringify(cart)}`);
  if (third.result?.result?.mode !== 'offline') await fail(`RUN_FINISHED result: ${JSON.stringify(third.result?.result)}`);

  if (warnings.length) await fail(`the client warned: ${warnings.join(' | ')}`);
  await say('OK');
  process.exit(0);
} catch (error) {
  await fail(`${error?.name || 'Error'}: ${error?.message || error}`);
}
