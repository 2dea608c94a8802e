/**
 * Prometheus metrics at {@code GET /metrics}: one registry built by {@code App} and handed to what
 * reports into it. Features never see Micrometer; they call small observer interfaces of their own
 * ({@code RequestLog.Observer}, {@code JobQueue.Listener}, the exports' and imports' observers),
 * which {@code App} points at {@link io.contactd.metrics.Metrics}.
 */
package io.contactd.metrics;
