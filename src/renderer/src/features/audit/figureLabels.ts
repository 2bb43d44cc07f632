// The drawer words evidence from the one shared table the PDF and the CSV use too.
export {
  evidenceLabels,
  figureLabel,
  figureValue,
  itemTypeLabel,
  noteLabel,
  type FigureKey,
} from '../../../../shared/audit/evidence-words';
