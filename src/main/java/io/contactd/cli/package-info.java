/**
 * The command line: {@code serve}, {@code keys}, {@code subusers}, {@code export}, {@code backup},
 * {@code restore}, {@code completion}, {@code version} and {@code help}, one class per command
 * group, with the options they share, the checks of the data dir and the one-line messages a
 * failure prints. The commands read the system clock; everything they start is handed a {@link
 * java.time.Clock}.
 */
package io.contactd.cli;
