// Runs one SES operation through the AWS SDK for JavaScript v3 and prints one JSON line for the test to read.
// Usage: node call.mjs ses|sesv2 OperationName < parameters.json
// Endpoint and credentials come from RELAY_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.
// A blob is {"__bytes": "<base64>"} both ways.
import * as ses from "@aws-sdk/client-ses";
import * as sesv2 from "@aws-sdk/client-sesv2";

const [service, operation] = process.argv.slice(2);
const modules = { ses: [ses, ses.SESClient], sesv2: [sesv2, sesv2.SESv2Client] };
const [module, Client] = modules[service] ?? [];
const Command = module?.[`${operation}Command`];
if (!Command) {
  console.log(JSON.stringify({ ok: false, code: "NoSuchOperation", message: `${service} ${operation}`, status: 0 }));
  process.exit(0);
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8").trim();
const input = text ? JSON.parse(text, (key, value) =>
  value && typeof value === "object" && typeof value.__bytes === "string" ? Buffer.from(value.__bytes, "base64") : value) : {};

const client = new Client({
  region: process.env.AWS_REGION,
  endpoint: process.env.RELAY_ENDPOINT,
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
  maxAttempts: 1,
});

const plain = (key, value) => {
  if (value instanceof Uint8Array) return { __bytes: Buffer.from(value).toString("base64") };
  return value;
};

try {
  const output = await client.send(new Command(input));
  const status = output.$metadata?.httpStatusCode ?? 0;
  delete output.$metadata;
  console.log(JSON.stringify({ ok: true, output, status }, plain));
} catch (error) {
  console.log(JSON.stringify({
    ok: false,
    code: error.name ?? "Error",
    message: error.message ?? String(error),
    status: error.$metadata?.httpStatusCode ?? 0,
  }));
}
