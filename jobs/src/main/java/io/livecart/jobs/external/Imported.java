package io.livecart.jobs.external;

import io.livecart.core.landing.Source;
import java.time.LocalDate;
import java.util.Map;

/**
 * What an import wrote into the landing zone.
 *
 * @param rows the rows written per source
 * @param first the first day with a file
 * @param last the last day with a file
 * @param days the days with at least one file
 */
public record Imported(Map<Source, Long> rows, LocalDate first, LocalDate last, int days) {}
