// Start GOV.UK Frontend's components (loaded as a module, so CSP needs no inline script).
import { initAll } from "../govuk/govuk-frontend.min.js";
initAll();
