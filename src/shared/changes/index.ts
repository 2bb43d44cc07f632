export { changeSentence, durationWords, typeWord, type ChangeLang } from './render';
export { changesEn } from './messages.en';
export { changesPl } from './messages.pl';
