// The spec's "Constants" sample, verbatim except for the line marked [added]
// (test_masheev_samples.py checks this).
import { SDK_VERSION, DEFAULT_API_BASE, DEFAULT_WIDGET_BASE } from "@masheev/embed-sdk/js";
SDK_VERSION // "0.2.0"
DEFAULT_API_BASE // "https://api.masheev.com"
DEFAULT_WIDGET_BASE // "https://iframe.masheev.com"
export const constants = { SDK_VERSION, DEFAULT_API_BASE, DEFAULT_WIDGET_BASE }; // [added]
