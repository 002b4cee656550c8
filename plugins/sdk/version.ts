/** The version of the plugin contract this host implements; a plugin's `sdk` range must include it. */
export const SDK_VERSION = '1.3.0';
