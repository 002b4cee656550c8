/** The most resources one list response holds (advertised as `filter.maxResults`); larger `count`s are cut to it. */
export const MAX_RESULTS = 1000;

/** The most operations one `/Bulk` request may hold (advertised as `bulk.maxOperations`). */
export const MAX_BULK_OPERATIONS = 1000;
