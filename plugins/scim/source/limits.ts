/** The most resources one list response holds (advertised as `filter.maxResults`); larger `count`s are cut to it. */
export const MAX_RESULTS = 1000;
