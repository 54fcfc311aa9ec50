/** A service centre (新兴领域区域性党群活动服务中心) as stored in `venues` and shown to users. */
export interface Venue {
  _id: string
  /** Short name used in lists, e.g. 友邻空间. */
  name: string
  /** Official name of the centre. */
  fullName: string
  district: string
  street: string
  address: string
  /** GCJ-02, the coordinate system WeChat maps use. */
  lat: number
  lng: number
  /** Opening hours as shown to people, e.g. 每天 09:00–21:30. */
  hours: string
  open24h: boolean
  amenities: string[]
  description: string
  createdAt: number
  updatedAt: number
}
