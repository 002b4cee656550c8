/** The most resources one list response holds (advertised as `filter.maxResults`); larger `count`s are cut to it. */
export const MAX_RESULTS = 1000;

/** The largest request body accepted (advertised as `maxPayloadSize`; the host refuses larger ones with 413). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
