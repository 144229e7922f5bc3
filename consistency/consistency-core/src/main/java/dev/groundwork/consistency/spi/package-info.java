/** The service-provider interface for replicas, kept apart from the client API. */
@NullMarked
package dev.groundwork.consistency.spi;

import org.jspecify.annotations.NullMarked;
