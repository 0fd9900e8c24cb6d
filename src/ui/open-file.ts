// A file the user gives the page, dropped anywhere or picked with "Open CSV…": a .json file is a model to
// import (a model file picked with the data button used to fail as a CSV with a broken quote); anything
// else is data.
import { useAppStore } from './store.ts';

export function openFile(file: File): void {
  const { importModel, loadFile } = useAppStore.getState();
  if (/\.json$/i.test(file.name) || file.type === 'application/json') void importModel(file);
  else void loadFile(file);
}
