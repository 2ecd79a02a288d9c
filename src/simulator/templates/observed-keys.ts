// The key templates, generated from ../shared/fixtures/hostaway/observed-keys-{listing,reservation,
// conversation,message}.json: key names in response order, each as `name:types` with the JSON types observed
// in a real 2025 Hostaway capture. 'datetime' = "YYYY-MM-DD HH:MM:SS" (UTC), 'date' = "YYYY-MM-DD"; '|'
// separates the types seen. Regenerate by hand if a fixture changes; test/unit/simulator-templates.test.ts
// compares this file with the fixtures when they are present.
import { keyTemplate } from './key-template.js';

/** A listing as served by GET /v1/listings. */
export const LISTING_KEYS = keyTemplate(`
  id:integer propertyTypeId:integer name:string externalListingName:string internalListingName:string
  description:null|string thumbnailUrl:null|string houseRules:string keyPickup:null specialInstruction:null
  doorSecurityCode:null|string country:string countryCode:string state:string city:string street:string
  address:string publicAddress:string zipcode:string price:integer starRating:null
  weeklyDiscount:integer|number monthlyDiscount:integer|number propertyRentTax:integer
  guestPerPersonPerNightTax:integer guestStayTax:integer guestNightlyTax:integer
  refundableDamageDeposit:integer isDepositStayCollected:integer personCapacity:integer
  maxChildrenAllowed:null maxInfantsAllowed:null maxPetsAllowed:null lat:number lng:number
  checkInTimeStart:integer checkInTimeEnd:integer|null checkOutTime:integer cancellationPolicy:string
  squareMeters:integer|number roomType:string bathroomType:string bedroomsNumber:integer bedsNumber:integer
  bathroomsNumber:integer guestBathroomsNumber:null minNights:integer maxNights:integer
  guestsIncluded:integer cleaningFee:integer|number checkinFee:integer priceForExtraPerson:integer
  instantBookable:integer instantBookableLeadTime:null airbnbBookingLeadTime:integer
  airbnbBookingLeadTimeAllowRequestToBook:integer|null airbnbName:string airbnbSummary:string
  airbnbSpace:string airbnbAccess:string airbnbInteraction:string airbnbNeighborhoodOverview:string
  airbnbTransit:null airbnbNotes:string airbnbExportStatus:string vrboExportStatus:string
  marriotExportStatus:null bookingcomExportStatus:null expediaExportStatus:null googleExportStatus:string
  allowSameDayBooking:integer sameDayBookingLeadTime:integer contactName:string contactSurName:null
  contactPhone1:string contactPhone2:null contactLanguage:null contactEmail:null contactAddress:null
  language:string currencyCode:string timeZoneName:string wifiUsername:string wifiPassword:string
  cleannessStatus:null|string cleaningInstruction:null cleannessStatusUpdatedOn:null
  homeawayPropertyName:string homeawayPropertyHeadline:string homeawayPropertyDescription:string
  bookingcomPropertyName:string bookingcomPropertyRoomName:string bookingcomPropertyDescription:null|string
  invoicingContactName:null invoicingContactSurName:null invoicingContactPhone1:null
  invoicingContactPhone2:null invoicingContactLanguage:null invoicingContactEmail:null
  invoicingContactAddress:null invoicingContactCity:null invoicingContactZipcode:null
  invoicingContactCountry:null attachment:null listingAmenities:array listingBedTypes:array
  listingImages:array listingTags:array listingUnits:array propertyLicenseNumber:null
  propertyLicenseType:null propertyLicenseIssueDate:null propertyLicenseExpirationDate:null
  customFieldValues:array applyPropertyRentTaxToFees:null bookingEngineLeadTime:null
  cancellationPolicyId:integer vrboCancellationPolicyId:integer marriottCancellationPolicyId:integer
  bookingCancellationPolicyId:integer listingFeeSetting:array isRentalAgreementActive:null
  averageNightlyPrice:null bookingcomPropertyRegisteredInVcs:null bookingcomPropertyHasVat:null
  bookingcomPropertyDeclaresRevenue:null airbnbCancellationPolicyId:integer airbnbListingUrl:string
  vrboListingUrl:string googleVrListingUrl:string expediaListingUrl:string
  averageReviewRating:integer|number partnersListingMarkup:integer airbnbOfficialListingMarkup:number
  bookingEngineMarkup:integer homeawayApiMarkup:number marriottListingMarkup:integer
  latestActivityOn:datetime bookingEngineUrls:array marriottListingName:null
  airbnbPetFeeAmount:integer|null insertedOn:datetime insuranceEligibilityStatus:null listingSettings:null
`);

/** An item of listing.listingAmenities. */
export const LISTING_AMENITY_KEYS = keyTemplate(`
  id:integer amenityId:integer amenityName:string
`);

/** An item of listing.listingBedTypes. */
export const LISTING_BED_TYPE_KEYS = keyTemplate(`
  id:integer bedTypeId:integer quantity:integer bedroomNumber:integer
`);

/** An item of listing.listingImages. */
export const LISTING_IMAGE_KEYS = keyTemplate(`
  id:integer caption:string bookingEngineCaption:null|string airbnbCaption:null|string
  vrboCaption:null|string url:string sortOrder:integer
`);

/** An item of listing.listingFeeSetting. */
export const LISTING_FEE_SETTING_KEYS = keyTemplate(`
  id:integer accountId:integer listingMapId:integer feeType:string feeTitle:string feeDescription:null
  feeAppliedPer:string amount:integer amountType:string isMandatory:integer isQuantitySelectable:integer
  appearsIn:array channelId:integer displayInRent:integer parentId:null insertedOn:datetime
  updatedOn:datetime attachments:array
`);

/** A reservation as served by GET /v1/reservations (also embedded in conversations). */
export const RESERVATION_KEYS = keyTemplate(`
  id:integer listingMapId:integer listingName:string channelId:integer source:null|string
  channelName:string reservationId:string hostawayReservationId:string channelReservationId:string
  externalPropertyId:null|string externalUnitId:null|string assigneeUserId:null customerIcalId:null
  customerIcalName:null guestAuthHash:string guestPortalUrl:string guestPortalRevampUrl:null
  isProcessed:integer isInitial:integer isManuallyChecked:integer isInstantBooked:integer
  reservationDate:datetime pendingExpireDate:datetime|null guestName:string guestFirstName:null|string
  guestLastName:null|string guestExternalAccountId:null|string guestZipCode:null|string
  guestAddress:null|string guestCity:null|string guestCountry:null|string guestEmail:null|string
  guestPicture:null|string guestRecommendations:integer guestTrips:integer guestWork:null
  isGuestIdentityVerified:integer isGuestVerifiedByEmail:integer isGuestVerifiedByWorkEmail:integer
  isGuestVerifiedByFacebook:integer originalChannel:null isGuestVerifiedByGovernmentId:integer
  isGuestVerifiedByPhone:integer isGuestVerifiedByReviews:integer numberOfGuests:integer
  adults:integer|null children:integer|null infants:integer|null pets:integer|null arrivalDate:date
  departureDate:date isDatesUnspecified:integer previousArrivalDate:date|null
  previousDepartureDate:date|null checkInTime:integer checkOutTime:integer nights:integer phone:null|string
  totalPrice:integer|number remainingBalance:null taxAmount:integer|null|number
  channelCommissionAmount:integer|null|number hostawayCommissionAmount:null cleaningFee:integer|number
  securityDepositFee:integer|null isPaid:null ccName:null ccNumber:null ccNumberEndingDigits:null
  ccExpirationYear:null ccExpirationMonth:null cvc:null stripeGuestId:null|string stripeMessage:null|string
  braintreeGuestId:null braintreeMessage:null currency:string status:string paymentStatus:null|string
  cancellationDate:datetime|null cancelledBy:null|string hostNote:null|string guestNote:null
  doorCode:null|string doorCodeVendor:null doorCodeInstruction:null comment:null|string
  confirmationCode:null|string airbnbExpectedPayoutAmount:integer|null|number
  airbnbListingBasePrice:integer|null|number airbnbListingCancellationHostFee:integer|null|number
  airbnbListingCancellationPayout:integer|null|number airbnbListingCleaningFee:integer|null|number
  airbnbListingHostFee:integer|null|number airbnbListingSecurityPrice:integer|null
  airbnbOccupancyTaxAmountPaidToHost:null airbnbTotalPaidAmount:integer|null|number
  airbnbTransientOccupancyTaxPaidAmount:integer|null|number airbnbCancellationPolicy:null|string
  isStarred:integer isArchived:integer isPinned:integer reservationCouponId:null customFieldValues:array
  reservationFees:array reservationUnit:array insertedOn:datetime updatedOn:datetime
  latestActivityOn:datetime customerUserId:null guestLocale:null|string localeForMessaging:null|string
  localeForMessagingSource:null listingCustomFields:null rentalAgreementFileUrl:null
  reservationAgreement:string financeField:array guestPaymentCardIsVirtual:null insuranceStatus:string
  claimStatus:null insurancePolicyId:null cancellationPolicyId:integer|null hostProxyEmail:string
`);

/** An item of reservation.customFieldValues (includeResources=1). */
export const CUSTOM_FIELD_VALUE_KEYS = keyTemplate(`
  id:integer customFieldId:integer value:string insertedOn:datetime updatedOn:datetime customField:object
`);

/** An item of reservation.reservationFees (includeResources=1). */
export const RESERVATION_FEE_KEYS = keyTemplate(`
  id:integer accountId:integer listingMapId:integer reservationId:integer name:string feeType:string
  externalReservationUnitId:null amount:integer|number currency:string percentage:null isIncluded:integer
  isPerNight:null isPerPerson:null isImported:integer insertedOn:datetime updatedOn:datetime
`);

/** A conversation as served by GET /v1/conversations. `Reservation` (capital R) follows
 * `conversationMessages`; the capture's key list omits it, its key set is RESERVATION_KEYS. */
export const CONVERSATION_KEYS = keyTemplate(`
  id:integer accountId:integer listingMapId:integer reservationId:integer type:string
  recipientEmail:null|string recipientName:string recipientPicture:null|string hostEmail:string
  guestEmail:string hasUnreadMessages:integer messageSentOn:datetime messageReceivedOn:datetime|null
  conversationMessages:array Reservation:null|object
`);

/** A conversation message (the embedded latest message has the same keys). */
export const MESSAGE_KEYS = keyTemplate(`
  id:integer accountId:integer userId:null listingMapId:integer reservationId:integer
  channelId:integer|null conversationId:integer communicationId:integer|null whatsappTemplateId:null
  whatsappBusinessTemplateId:null airbnbThreadMessageId:null channelThreadMessageId:null|string
  ccEmail1:null ccEmail2:null subject:null|string body:string imagesUrls:null bookingcomSubthreadId:null
  isIncoming:integer isSeen:integer isSeenBy:null|string originatedBy:string isSeenAt:datetime|null
  sentUsingHostaway:integer hash:string objectKey:null listingTimeZoneName:string
  communicationEvent:null|string communicationTimeDelta:null communicationTimeDeltaSeconds:integer
  communicationApplyListingTimeZone:integer|null communicationAlwaysTrigger:integer|null status:string
  date:datetime sentToChannelDate:datetime|null sentToChannelAttemptDate:datetime|null messageSource:string
  communicationType:string reasonFailed:null readableReasonFailed:null isUnique:integer|null
  isUniquePerCommunication:integer retryCount:integer insertedOn:datetime updatedOn:datetime
  notUpdateOnReservationChange:null Reservation:null ListingMap:null Conversation:null
  AirbnbOfficialMessageMetadata:null|object communicationName:null attachments:null
  twilioMessageIdConversationMessageId:null whatsAppMessageIdConversationMessageId:null attachment:null
  conversationMessageNote:array conversationSnooze:array conversationArchive:array
`);

/** message.AirbnbOfficialMessageMetadata when it is an object. */
export const AIRBNB_MESSAGE_METADATA_KEYS = keyTemplate(`
  id:integer conversationMessageId:integer airbnbUserId:integer userName:string insertedOn:datetime
  updatedOn:datetime AirbnbOfficialAccount:null|object role:null|string
`);

/** message.attachments[] items (none in the capture), in the order of the DOCS table (hostaway-api.md §5.4). */
export const ATTACHMENT_KEYS = keyTemplate(`
  id:integer accountId:integer listingMapId:integer|null reservationId:integer|null taskId:null
  conversationMessageId:integer communicationId:integer|null name:string url:string extension:string
  mimeType:string isImage:integer isPublic:integer
`);
