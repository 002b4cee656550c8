/** The OID arc of the goauthentik.io schema elements. */

// Under 1.3.6.1.4.1.26027.1.1: .1 the goauthentik.io/ldap/user class and .2 ak-superuser, as authentik has them; .3.<n>
// custom attribute types (so authentik's ak-active at .3 moves to .6); .4 and .5, authentik's for two custom attributes,
// stay unused; .7 and .8 the group classes; .9 rootDomainNamingContext.

/** 1.3.6.1.4.1.26027.1.1, authentik's. */
export const AK_ARC = '1.3.6.1.4.1.26027.1.1';

/** The arc under which custom attribute types get their OIDs. */
export const CUSTOM_ATTRIBUTE_ARC = `${AK_ARC}.3`;
