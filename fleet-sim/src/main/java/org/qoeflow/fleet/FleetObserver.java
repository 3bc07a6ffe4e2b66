package org.qoeflow.fleet;

import java.util.List;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Telemetry;

/**
 * What a running fleet reports as it goes: telemetry it emits and control updates it is offered.
 */
public interface FleetObserver {
    FleetObserver NONE = new FleetObserver() {};

    /** Telemetry of one simulated interval, before it is published. */
    default void telemetry(List<Telemetry> events) {}

    /** The broker acknowledged one telemetry record. */
    default void published() {}

    /** The producer gave up on one telemetry record. */
    default void publishFailed() {}

    /** An update was offered; {@code appliedVersion} is the version the fleet holds afterwards. */
    default void control(ControlUpdate update, Outcome outcome, long appliedVersion) {}

    /** A control record could not be decoded. */
    default void undecodableControl() {}
}
