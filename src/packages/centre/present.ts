/** How the centre pages say how far a centre serves and a published figure: '约 2 公里', '2,000', '400 余'. */
import type { VenueFigure } from '@core/api/venue'

/** Thousands with a comma, as the article writes them (2,000 平方米). */
export const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

export const radiusText = (metres: number): string => (metres >= 1000 ? `约 ${Number((metres / 1000).toFixed(1))} 公里` : `约 ${metres} 米`)

export const figureValue = (figure: Pick<VenueFigure, 'value' | 'approx'>): string => `${thousands(figure.value)}${figure.approx ? ' 余' : ''}`
