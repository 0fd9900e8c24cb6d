// The app's one store, assembled from slices (zustand slices pattern): each slice keeps its actions next
// to its state. The types live here so every slice can see the whole state.
import type { StateCreator } from 'zustand';
import type { ConfigSlice } from './config.ts';
import type { DataSlice } from './data.ts';
import type { ResultsSlice } from './results.ts';
import type { RunsSlice } from './runs.ts';
import type { TrainingSlice } from './training.ts';

export type AppState = DataSlice & ConfigSlice & TrainingSlice & ResultsSlice & RunsSlice;

export type Slice<T> = StateCreator<AppState, [], [], T>;
