/**
 * The page's shared objects, passed down the component tree by typed contexts (no string keys):
 * App.svelte sets them once; views and panels get them.
 */
import { createContext } from 'svelte';
import type { AppState } from './appState.svelte';
import type { DataSession } from './session.svelte';
import type { Exporter } from '../export/exporter';

export const [getApp, setApp] = createContext<AppState>();
export const [getSession, setSession] = createContext<DataSession>();
const [getExporterContext, setExporterContext, hasExporter] = createContext<Exporter>();
export const setExporter = setExporterContext;

/** The exporter, where the page offers exports (absent in the print layout and in isolated tests). */
export function getExporter(): Exporter | undefined {
  return hasExporter() ? getExporterContext() : undefined;
}
