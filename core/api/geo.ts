/**
 * A position on the map as every API takes it (GCJ-02, the coordinate system WeChat's maps use): one schema for the
 * service pages, the questionnaires' location answers and the community's reports and centres, kept apart from the
 * APIs that use it so a page asking for a position does not pull in their rules.
 */
import * as s from '../schema'

/** A position is picked on a map or taken from the phone, never typed: a missing one is asked for with 请选择. */
export const geoPointSchema = (label: string) =>
  s.object({ lat: s.number({ label: '纬度', min: -90, max: 90 }), lng: s.number({ label: '经度', min: -180, max: 180 }) }, { label, picked: true })
