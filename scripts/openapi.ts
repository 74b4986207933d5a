// Prints the OpenAPI document the server serves at /openapi.json (npm run lint:api lints it).
import { openApiDocument } from "../src/http/openapi.js";

process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
