/**
 * The web dashboard at {@code /} and {@code /ui/…}: static files from the jar (one HTML page, one
 * script, one style sheet) that talk to the public {@code /v3} API with the API key the person
 * signs in with. The server side only serves the files with a strict Content-Security-Policy; it
 * has no data routes of its own.
 */
package io.contactd.ui;
